from django.urls import path

from integrity import views

app_name = "integrity"

urlpatterns = [
    path("verklaring/", views.declaration_edit, name="declaration"),
    path(
        "sollicitaties/<int:pk>/relaties/",
        views.name_relations,
        name="name_relations",
    ),
]
