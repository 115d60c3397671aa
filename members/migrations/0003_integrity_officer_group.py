from django.db import migrations

GROUP = "Integriteitsfunctionaris"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0002_staff_groups")]

    operations = [migrations.RunPython(create_group, remove_group)]
