from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = _("Vacancies")

    def ready(self) -> None:
        from core.privacy import register_personal_data
        from vacancies.privacy import export_vacancy_roles

        register_personal_data("vacancies", export_vacancy_roles)
