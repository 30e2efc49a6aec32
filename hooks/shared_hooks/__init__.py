"""Hook logic shared by every template of this repository.

Each template's `hooks/pre_gen_project.py` and `hooks/post_gen_project.py` are
thin scripts that put this directory's parent on `sys.path` and call `run`.
"""
