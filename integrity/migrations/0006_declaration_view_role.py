from django.db import migrations, models

# The group's name as members.roles.INTEGRITY_OFFICER spells it (a migration keeps its own copy).
INTEGRITY_OFFICER = "Integriteitsfunctionaris"


def fill_roles(apps, schema_editor):
    """Earlier views get the role their reader holds now: the best there is. Views whose
    reader is gone already stay without a role ("someone whose account was removed")."""
    view = apps.get_model("integrity", "DeclarationView")
    officers = view.objects.filter(viewer__groups__name=INTEGRITY_OFFICER)
    officers.update(viewer_role="integrity_officer")
    view.objects.filter(viewer__isnull=False, viewer_role="").update(viewer_role="acting_chair")


class Migration(migrations.Migration):
    dependencies = [
        ("integrity", "0005_relations_and_conflict_flags"),
    ]

    operations = [
        migrations.AddField(
            model_name="declarationview",
            name="viewer_role",
            field=models.CharField(
                blank=True, default="", max_length=30, verbose_name="viewer's role"
            ),
        ),
        migrations.RunPython(fill_roles, migrations.RunPython.noop),
    ]
