"""Shared pieces of the editorial views: who may write, and which template part to render."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required, permission_required
from django.db import IntegrityError, transaction
from django.forms import BaseModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from claims.concurrency.models import EditConflict
from claims.roles import may_read


def can(*permissions: str) -> Callable:
    """Require sign-in, then every named permission: anonymous users are sent to sign in,
    signed-in users without the permission get 403 and nothing changes."""

    def decorate(view: Callable) -> Callable:
        return login_required(permission_required(permissions, raise_exception=True)(view))

    return decorate


def wants_partial(request: HttpRequest) -> bool:
    """An htmx request that swaps part of a page, as opposed to a boosted full navigation.

    A history-restore request (Back after a pushed URL, with htmx's cache missed) needs the
    whole page too, or the browser would show a bare fragment.
    """
    return (
        bool(request.htmx) and not request.htmx.boosted and not request.htmx.history_restore_request
    )


def render_page(
    request: HttpRequest, template: str, context: dict, partial: str, status: int = 200
) -> HttpResponse:
    """Render the whole page, or only its named partial when htmx asks for part of it."""
    if wants_partial(request):
        template = f"{template}#{partial}"
    return render(request, template, context, status=status)


def saved(form: BaseModelForm) -> bool:
    """Save a valid form in one transaction; False, with a form error, if the database refuses.

    Validation has already run, so a refusal here means a concurrent write got in first
    (the same evidence link added twice at once, a source edited under a quote, a newer
    version saved since the form was checked): the editor gets a message and nothing
    half-written, never a 500.
    """
    try:
        with transaction.atomic():
            form.save()
    except EditConflict:
        return False  # the form has reported the conflict itself
    except IntegrityError:
        form.add_error(
            None,
            "Someone changed this record at the same moment, so nothing was saved. "
            "Reload the page to see their change, then try again.",
        )
        return False
    return True


class RoleRequired:
    """Signed-in accounts without a role see only a page saying so, not the ledger.

    Signing in proves who someone is; reading needs a role (viewer, editor or reviewer), as
    the role table says. Public pages (sign-in and password reset among them) and the account
    pages (sign out, change password) are left to their own rules; the admin's pages get this
    page too, before its own check (claims.admin_site) would send the account to sign in again.
    """

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict
    ) -> HttpResponse | None:
        public = not getattr(view, "login_required", True)
        if public or view.__module__ == "django.contrib.auth.views":
            return None
        if request.user.is_authenticated and not may_read(request.user):
            return render(request, "no_role.html", status=403)
        return None
