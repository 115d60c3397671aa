from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_application_phone_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("submitted", "Submitted"),
                    ("screening", "Screening"),
                    ("round_1", "Interview round 1"),
                    ("round_2", "Interview round 2"),
                    ("advised", "Advised by the committee"),
                    ("notified", "Told the outcome"),
                    ("accepted", "Accepted"),
                    ("not_selected", "Not selected"),
                    ("withdrawn", "Withdrawn"),
                ],
                default="draft",
                editable=False,
                max_length=20,
                verbose_name="status",
            ),
        ),
    ]
