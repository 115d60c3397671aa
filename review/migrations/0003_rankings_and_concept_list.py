import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_pipeline_statuses"),
        ("review", "0002_scoring_and_pipeline"),
        ("vacancies", "0003_representation_target_counts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ConceptList",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "max_size",
                    models.PositiveSmallIntegerField(
                        default=50,
                        help_text="The Kiesraad allows 50 places, or 80 for a party with more than 15 seats.",
                        verbose_name="maximum number of places",
                    ),
                ),
                (
                    "electable_places",
                    models.PositiveSmallIntegerField(
                        default=5,
                        help_text="How many places the dashboard counts as likely to be elected.",
                        verbose_name="realistic places",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "vacancy",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="concept_list",
                        to="vacancies.vacancy",
                        verbose_name="vacancy",
                    ),
                ),
            ],
            options={
                "verbose_name": "concept list",
                "verbose_name_plural": "concept lists",
            },
        ),
        migrations.CreateModel(
            name="ConceptListVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(auto_now_add=True, verbose_name="at")),
                ("reason", models.CharField(max_length=300, verbose_name="reason")),
                ("order", models.JSONField(verbose_name="order")),
                (
                    "actor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "concept_list",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="review.conceptlist",
                    ),
                ),
            ],
            options={
                "verbose_name": "concept list version",
                "verbose_name_plural": "concept list versions",
                "ordering": ["-at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="ConceptListEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="place")),
                (
                    "is_pusher",
                    models.BooleanField(default=False, verbose_name="list pusher (lijstduwer)"),
                ),
                ("justification", models.TextField(blank=True, verbose_name="why this place")),
                (
                    "confirmed_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="confirmed by the candidate at"
                    ),
                ),
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="list_entry",
                        to="applications.application",
                    ),
                ),
                (
                    "concept_list",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="entries",
                        to="review.conceptlist",
                    ),
                ),
            ],
            options={
                "verbose_name": "place on the concept list",
                "verbose_name_plural": "places on the concept list",
                "ordering": ["concept_list", "position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("concept_list", "position"), name="one_candidate_per_place"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="MemberRanking",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.JSONField(default=list, verbose_name="order")),
                ("submitted_at", models.DateTimeField(auto_now=True, verbose_name="submitted at")),
                (
                    "reviewer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rankings",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "vacancy",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="vacancies.vacancy",
                    ),
                ),
            ],
            options={
                "verbose_name": "member ranking",
                "verbose_name_plural": "member rankings",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("vacancy", "reviewer"), name="one_ranking_per_member"
                    )
                ],
            },
        ),
    ]
