from django.urls import path

from review import views

app_name = "review"

urlpatterns = [
    path("vertrouwelijkheid/", views.confidentiality, name="confidentiality"),
    path("bestanden/<uuid:file_uuid>/", views.download, name="download"),
]
