import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("vacancies", "0002_vacancy_ended_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Committee",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "confidentiality_text",
                    models.TextField(
                        help_text="What every member accepts before they see the first application.",
                        verbose_name="confidentiality agreement",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
            ],
            options={
                "verbose_name": "committee",
                "verbose_name_plural": "committees",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="CommitteeVacancy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vacancy_links",
                        to="review.committee",
                    ),
                ),
                (
                    "vacancy",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="vacancies.vacancy",
                        verbose_name="vacancy",
                    ),
                ),
            ],
            options={
                "verbose_name": "vacancy of the committee",
                "verbose_name_plural": "vacancies of the committee",
            },
        ),
        migrations.AddField(
            model_name="committee",
            name="vacancies",
            field=models.ManyToManyField(
                blank=True,
                related_name="committees",
                through="review.CommitteeVacancy",
                to="vacancies.vacancy",
                verbose_name="vacancies",
            ),
        ),
        migrations.CreateModel(
            name="CommitteeMember",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("chair", "Chair"),
                            ("deputy_chair", "Deputy chair"),
                            ("member", "Member"),
                            ("secretary", "Secretary"),
                        ],
                        default="member",
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                (
                    "confidentiality_accepted_at",
                    models.DateTimeField(
                        blank=True,
                        editable=False,
                        null=True,
                        verbose_name="confidentiality accepted at",
                    ),
                ),
                (
                    "conflicts_checked_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="conflicts checked at"
                    ),
                ),
                ("joined_at", models.DateTimeField(auto_now_add=True, verbose_name="joined at")),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="members",
                        to="review.committee",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="committee_seats",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "committee member",
                "verbose_name_plural": "committee members",
                "ordering": ["committee", "role", "user__last_name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("committee", "user"), name="committee_seat_once"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("role", "chair")),
                        fields=("committee",),
                        name="committee_one_chair",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("role", "deputy_chair")),
                        fields=("committee",),
                        name="committee_one_deputy_chair",
                    ),
                ],
            },
        ),
    ]
