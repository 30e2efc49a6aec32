"""The service's own routes."""

from flask import Blueprint, Response

main = Blueprint("main", __name__)


@main.get("/")
def index() -> Response:
    return Response("Hello, World!", mimetype="text/plain")
