from django.urls import path

from . import views

# /healthz and /readyz: see health.py, answered ahead of the URL configuration.
urlpatterns = [
    path("", views.index, name="index"),
]
