"""Sign-in throttling: which address a sign-in comes from.

django-axes counts failures per username and address (settings.AXES_*). Behind proxies every
request arrives from the nearest proxy, so the client's address is read from X-Forwarded-For,
counting TRUSTED_PROXY_COUNT hops from the right: the entries further left were written by
the client and could name any address.
"""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The address a request came from, past the trusted proxies in front of the app."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The sign-in page again with the pause explained, the same whether the username exists."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes, "form": AuthenticationForm(request)},
        status=429,
    )
