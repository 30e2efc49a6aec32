"""Per request: its ID (in the response and on every log line) and its metrics."""

import time
from collections.abc import Callable

from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse

from .health import ENDPOINTS
from .logs import REQUEST_ID_HEADER, accept_request_id, request_id
from .metrics import request_metrics


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_id.set(accept_request_id(request.headers.get(REQUEST_ID_HEADER)))
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id.get()
            return response
        finally:
            request_id.reset(token)


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.metrics = request_metrics()
        if self.metrics is None:  # METRICS_PORT unset: requests skip this middleware
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        self.metrics.started()
        try:
            response = self.get_response(request)
        finally:
            self.metrics.finished()
        elapsed = time.perf_counter() - started
        self.metrics.observe(request.method, route(request), response.status_code, elapsed)
        return response


def route(request: HttpRequest) -> str:
    """The URL pattern that matched (users/<int:id>/), never the raw path: one series a route."""
    if request.resolver_match is not None:
        return "/" + request.resolver_match.route
    # The health endpoints are answered ahead of the URL configuration.
    return request.path_info if request.path_info in ENDPOINTS else "unmatched"
