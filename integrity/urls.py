from django.urls import path

from integrity import views

app_name = "integrity"

urlpatterns = [
    path("verklaring/", views.declaration_edit, name="declaration"),
]
