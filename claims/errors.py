"""Error pages Django would not give the app's look: the 405, the 404 with DEBUG on, and the
400 for a NUL byte."""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.views.defaults import page_not_found


def method_not_allowed_page(get_response: Callable) -> Callable:
    """Give an empty 405 (from `require_safe` and the like) the app's page, keeping `Allow`."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

    return middleware


class NotFoundPage:
    """The app's 404 page even with DEBUG on, as `make run` has it.

    With DEBUG on Django answers an unknown address or a raised `Http404` with its technical
    page, which lists every URL pattern and looks like a crash to an editor trying the app
    (issue 9); its tracebacks for real errors are still worth having, so only the 404 is
    replaced. With DEBUG off Django already renders templates/404.html, and this does nothing.
    """

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DEBUG:
            # An unmatched address never reaches a view, so `process_exception` cannot see it.
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exception:
                return page_not_found(request, exception)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


def _holds_nul(data: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )


def refuse_nul_bytes(get_response: Callable) -> Callable:
    """Answer 400, saying why, to a NUL byte in the path, the query string or a form's fields.

    PostgreSQL text cannot hold a NUL: any view or admin page that compares one with a column
    fails there with a `DataError` (a 500, issue 10), and no field of the app has a use for
    one. Refusing it here, before any view, covers every search box, filter, id and export
    parameter at once, on both engines alike. Uploaded files are not looked at: a file may
    hold any byte.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _holds_nul(request.GET) or _holds_nul(request.POST):
            return HttpResponseBadRequest(
                render_to_string("400.html", {"reason": "nul"}, request=request)
            )
        return get_response(request)

    return middleware
