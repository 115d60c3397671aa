from django.contrib import admin
from django.urls import include, path

from bij1_recruit import views
from core import views as core_views
from members.views import admin_login_redirect
from vacancies import views as vacancy_views

admin.site.site_header = "BIJ1 Werving"
admin.site.site_title = "BIJ1 Werving"
admin.site.login = admin_login_redirect

urlpatterns = [
    path("", vacancy_views.vacancy_list, name="home"),
    path("vacatures/", include("vacancies.urls")),
    path("integriteit/", include("integrity.urls")),
    path("sollicitaties/", include("applications.urls")),
    path("commissie/", include("review.urls")),
    path("kandidaat/", include("review.candidate_urls")),
    path("", include("voting.urls")),
    path("", include("exports.urls")),
    path("health/", views.health, name="health"),
    path("privacy/", core_views.privacy_statement, name="privacy"),
    path("favicon.ico", views.favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("members.urls")),
    path("admin/", admin.site.urls),
]
