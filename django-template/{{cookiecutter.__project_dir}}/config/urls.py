from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("{{ cookiecutter.package_name }}.urls")),
    # DJANGO_ADMIN_URL, admin/ unless set (README says why a team moves it).
    path(settings.ADMIN_URL, admin.site.urls),
]
