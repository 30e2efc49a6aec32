from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin: its add form sets the password, hashed, in two fields.

    A field added to User is edited here once it is listed in `fieldsets`.
    """
