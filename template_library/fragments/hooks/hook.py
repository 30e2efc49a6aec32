"""Cookiecutter's {{ stage }} hook of this template; the logic is in template_library/run.py."""

import json
import sys

# Written in when Cookiecutter rendered this script, from within the template folder.
sys.path.insert(0, {{ library_dir() | tojson }})
try:
    from template_library import run
except ImportError as error:
    sys.exit(f"error: hooks: the template library did not load ({error}); bake from the whole repository")

sys.exit(run.{{ stage }}({{ template_dir() | tojson }}, json.loads({{ cookiecutter | jsonify | tojson }})))
