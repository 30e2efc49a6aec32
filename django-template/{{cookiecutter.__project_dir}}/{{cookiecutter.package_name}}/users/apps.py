from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "{{ cookiecutter.package_name }}.users"
    # The label names the model in settings and migrations: AUTH_USER_MODEL = "users.User".
    label = "users"
    default_auto_field = "django.db.models.BigAutoField"
