from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/download/", views.my_data_download, name="my_data_download"),
]
