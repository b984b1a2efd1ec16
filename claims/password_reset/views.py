"""Django's password reset views, answered only when mail is set up, and throttled.

Without mail (no MAILERS with a default mailer, made from the environment) a reset would tell
the user a mail is on its way and send nothing, so the pages are a 404 and the sign-in page
sends users to an administrator. With mail, reset requests are limited per client address and
per email address asked for (settings.PASSWORD_RESET_LIMIT an hour), the address read as for
the sign-in throttle (claims.throttle.client_ip). The answer never tells whether an account has
the email.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import Http404, HttpRequest, HttpResponse

from claims.password_reset.models import ResetRequest
from claims.throttle import client_ip


def mail_set_up() -> bool:
    """Whether mail can be sent; read at each request, as tests change it."""
    return "default" in getattr(settings, "MAILERS", {})


def offered(request: HttpRequest) -> dict:
    """Template context: whether the sign-in page offers a reset by mail."""
    return {"password_reset_offered": mail_set_up()}


def mail_required(view: Callable) -> Callable:
    """A 404 for the view unless mail is set up."""

    @wraps(view)
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not mail_set_up():
            raise Http404("Password reset needs mail, and none is set up.")
        return view(request, *args, **kwargs)

    return answer


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, refused with 429 and no mail past the hourly limit."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        ip, email = client_ip(self.request), form.cleaned_data["email"]
        if not ResetRequest.allowed(ip, email):
            context = self.get_context_data(form=form, throttled=True)
            return self.render_to_response(context, status=429)
        ResetRequest.record(ip, email)
        return super().form_valid(form)


password_reset = mail_required(ThrottledPasswordResetView.as_view())
password_reset_done = mail_required(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = mail_required(auth_views.PasswordResetConfirmView.as_view())
password_reset_complete = mail_required(auth_views.PasswordResetCompleteView.as_view())
