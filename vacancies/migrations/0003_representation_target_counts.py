from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("vacancies", "0002_vacancy_ended_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="representationtarget",
            name="counts",
            field=models.CharField(
                blank=True,
                choices=[
                    ("gender:woman", "women"),
                    ("gender:non_binary", "non-binary people"),
                    ("colour:yes", "people of colour"),
                    ("lgbtqia:yes", "LGBTQIA+ people"),
                    ("disability:yes", "people with a disability or chronic illness"),
                    ("refugee:yes", "people with a refugee background"),
                    ("class:yes", "people from a working-class background"),
                ],
                help_text="The self-identification answer the committee's dashboard counts.",
                max_length=30,
                verbose_name="counted from",
            ),
        ),
    ]
