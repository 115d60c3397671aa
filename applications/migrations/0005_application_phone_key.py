from django.db import migrations, models

from core.keys import phone_key


def fill_phone_keys(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    changed = []
    for application in Application.objects.exclude(phone="").only("pk", "phone"):
        application.phone_key = phone_key(application.phone)
        changed.append(application)
    Application.objects.bulk_update(changed, ["phone_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_purge_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="phone_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=9),
        ),
        migrations.RunPython(fill_phone_keys, migrations.RunPython.noop),
    ]
