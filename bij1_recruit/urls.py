from django.contrib import admin
from django.urls import include, path

from bij1_recruit import views
from members.views import admin_login_redirect

admin.site.site_header = "BIJ1 Werving"
admin.site.site_title = "BIJ1 Werving"
admin.site.login = admin_login_redirect

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
