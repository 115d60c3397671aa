import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_pipeline_statuses"),
        ("review", "0001_committees"),
        ("vacancies", "0002_vacancy_ended_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Scorecard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "round",
                    models.CharField(
                        choices=[
                            ("screening", "Screening"),
                            ("round_1", "Round 1"),
                            ("round_2", "Round 2"),
                        ],
                        max_length=20,
                        verbose_name="round",
                    ),
                ),
                (
                    "recommendation",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("strong_yes", "Strongly recommend"),
                            ("yes", "Recommend"),
                            ("doubt", "In doubt"),
                            ("no", "Do not recommend"),
                        ],
                        max_length=20,
                        verbose_name="recommendation",
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="overall comment")),
                (
                    "total",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=4,
                        null=True,
                        verbose_name="weighted score",
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="submitted at"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scorecards",
                        to="applications.application",
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scorecards",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="committee member",
                    ),
                ),
            ],
            options={
                "verbose_name": "scorecard",
                "verbose_name_plural": "scorecards",
                "ordering": ["application", "round", "reviewer"],
            },
        ),
        migrations.CreateModel(
            name="CriterionScore",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.PositiveSmallIntegerField(verbose_name="score")),
                ("comment", models.CharField(blank=True, max_length=1000, verbose_name="comment")),
                (
                    "requirement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="vacancies.requirement",
                    ),
                ),
                (
                    "scorecard",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scores",
                        to="review.scorecard",
                    ),
                ),
            ],
            options={
                "verbose_name": "criterion score",
                "verbose_name_plural": "criterion scores",
            },
        ),
        migrations.CreateModel(
            name="ScorecardVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("saved_at", models.DateTimeField(auto_now_add=True, verbose_name="saved at")),
                ("snapshot", models.JSONField(verbose_name="content")),
                (
                    "scorecard",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="review.scorecard",
                    ),
                ),
            ],
            options={
                "verbose_name": "scorecard version",
                "verbose_name_plural": "scorecard versions",
                "ordering": ["-saved_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="Transition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("from_status", models.CharField(max_length=20, verbose_name="from")),
                ("to_status", models.CharField(max_length=20, verbose_name="to")),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
                ("at", models.DateTimeField(auto_now_add=True, verbose_name="at")),
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
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="transitions",
                        to="applications.application",
                    ),
                ),
            ],
            options={
                "verbose_name": "pipeline step",
                "verbose_name_plural": "pipeline steps",
                "ordering": ["at", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="scorecard",
            constraint=models.UniqueConstraint(
                fields=("application", "reviewer", "round"), name="one_scorecard_per_round"
            ),
        ),
        migrations.AddConstraint(
            model_name="criterionscore",
            constraint=models.UniqueConstraint(
                fields=("scorecard", "requirement"), name="one_score_per_criterion"
            ),
        ),
        migrations.AddConstraint(
            model_name="criterionscore",
            constraint=models.CheckConstraint(
                condition=models.Q(("value__gte", 1), ("value__lte", 5)),
                name="criterion_score_1_to_5",
            ),
        ),
    ]
