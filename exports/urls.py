from django.urls import path

from exports import views

app_name = "exports"

# Under /staff/: a second factor is required.
urlpatterns = [
    path(
        "staff/rapporten/commissie-advies/<int:vacancy_id>.pdf",
        views.committee_advice_pdf,
        name="committee_advice",
    ),
]
