"""The 405 page: Django has no handler for it, and its bare 405 would show a blank page."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def method_not_allowed_page(get_response: Callable) -> Callable:
    """Give an empty 405 (from `require_safe` and the like) the app's page, keeping `Allow`."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

    return middleware
