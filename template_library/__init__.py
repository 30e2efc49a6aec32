"""What both templates share: the hook logic, and text fragments their files include.

Cookiecutter reaches it through each template's `local_extensions.py`, which loads
`jinja_extension.SharedLibrary` (see that module for why this needs no `/proc`).
"""
