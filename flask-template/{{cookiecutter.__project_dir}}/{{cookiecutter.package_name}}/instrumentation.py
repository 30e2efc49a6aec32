"""Per request: its ID (in the response and on every log line) and its metrics."""

import time

from flask import Flask, Response, g, request

from .logs import REQUEST_ID_HEADER, accept_request_id, request_id
from .metrics import request_metrics


def instrument(app: Flask) -> None:
    metrics = request_metrics()

    @app.before_request
    def start() -> None:
        g.request_id = request_id.set(accept_request_id(request.headers.get(REQUEST_ID_HEADER)))
        g.started = time.perf_counter()
        if metrics:
            metrics.started()

    @app.after_request
    def finish(response: Response) -> Response:
        response.headers[REQUEST_ID_HEADER] = request_id.get()
        if metrics:
            # The route's template (/users/<int:id>), never the raw path: one series a route.
            route = request.url_rule.rule if request.url_rule else "unmatched"
            elapsed = time.perf_counter() - g.started
            metrics.observe(request.method, route, response.status_code, elapsed)
        return response

    @app.teardown_request
    def end(_error: BaseException | None) -> None:
        if metrics:
            metrics.finished()
        request_id.reset(g.request_id)
