from django.db import migrations


def blank_register_evidence(apps, schema_editor):
    """Flags raised before showed the postcode and house number, or the phone digits, they
    matched on; the signal's name ("Same address", "Same phone number") is all a reader of a
    flag needs."""
    flag = apps.get_model("integrity", "ConflictFlag")
    flag.objects.filter(signal__in=["address", "phone"]).exclude(evidence="").update(evidence="")


class Migration(migrations.Migration):
    dependencies = [
        ("integrity", "0006_declaration_view_role"),
    ]

    operations = [
        migrations.RunPython(blank_register_evidence, migrations.RunPython.noop),
    ]
