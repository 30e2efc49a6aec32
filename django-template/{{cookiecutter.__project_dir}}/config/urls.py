from django.urls import include, path

urlpatterns = [
    path("", include("{{ cookiecutter.package_name }}.urls")),
]
