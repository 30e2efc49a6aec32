"""The project's user model (AUTH_USER_MODEL), its own from the first migration on."""
