from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Django's user, as the project's own model.

    AUTH_USER_MODEL cannot change once tables refer to it, so the project has its
    own from the initial migration: add fields here, then `manage.py makemigrations`.
    """
