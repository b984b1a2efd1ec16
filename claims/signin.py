"""Sending a signed-out request to sign in, htmx requests included.

An editor whose session expired while a form was open would otherwise get a 302 on saving,
which the browser follows inside htmx's request: the whole sign-in page was swapped into the
card and the edit lost. An htmx request gets HX-Redirect instead, so htmx loads the sign-in
page as a page, and static/js/unsaved-text.js keeps the typed text for when the form comes back.
"""

from urllib.parse import urlsplit, urlunsplit

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect


class SignInRequired(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, answering htmx with HX-Redirect to the sign-in page.

    `request.htmx` is there although HtmxMiddleware comes later in MIDDLEWARE: every
    middleware's request phase runs before any `process_view`, where this one decides.
    """

    def handle_no_permission(self, request: HttpRequest, view_func) -> HttpResponse:
        if not request.htmx:
            return super().handle_no_permission(request, view_func)
        sign_in = resolve_url(self.get_login_url(view_func))
        page = page_behind(request)
        if page:
            sign_in = redirect_to_login(page, sign_in, self.get_redirect_field_name(view_func)).url
        return HttpResponseClientRedirect(sign_in)


def page_behind(request: HttpRequest) -> str:
    """The path (and query) of the page an htmx request came from, if it is one of ours.

    The request's own URL is a fragment or a POST-only address, no place to land after
    signing in; HX-Current-URL is the page the editor was looking at.
    """
    current = request.htmx.current_url or ""
    if not url_has_allowed_host_and_scheme(
        current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(current)
    return urlunsplit(("", "", parts.path or "/", parts.query, ""))
