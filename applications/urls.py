from django.urls import path

from applications import views

app_name = "applications"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("solliciteren/<slug:slug>/", views.apply, name="apply"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("<int:pk>/bestanden/", views.upload_file, name="upload_file"),
    path("<int:pk>/diversiteit/", views.diversity, name="diversity"),
    path("<int:pk>/beschikbaarheid/", views.update_availability, name="availability"),
    path("<int:pk>/bestand/<uuid:file_uuid>/verwijderen/", views.remove_file, name="remove_file"),
    path("bestand/<uuid:file_uuid>/", views.download, name="download"),
    path("<int:pk>/transcriptie/<uuid:file_uuid>/", views.transcript, name="transcript"),
    path(
        "<int:pk>/zelfidentificatie/verwijderen/",
        views.delete_self_identification,
        name="self_identification_delete",
    ),
    path("<int:pk>/bewaartermijn/", views.change_retention, name="retention"),
    path(
        "<int:pk>/toestemming/intrekken/",
        views.withdraw_political_consent,
        name="political_consent_withdraw",
    ),
]
