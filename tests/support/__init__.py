"""Helpers shared by every test of both templates: bakes, Docker, HTTP."""
