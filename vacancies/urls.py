from django.urls import path

from vacancies import views
from vacancies.feeds import NewVacanciesFeed

app_name = "vacancies"

urlpatterns = [
    path("feed/", NewVacanciesFeed(), name="feed"),
    path("<slug:slug>/", views.vacancy_detail, name="detail"),
    path("<slug:slug>/procedure.ics", views.vacancy_ics, name="ics"),
]
