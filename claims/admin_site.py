"""The admin site, open to the desk's roles rather than to Django's staff flag alone.

Stock Django admits only users marked "staff", a flag that roles (groups) cannot grant, so an
editor could record a source in the app but not in the admin. Here holding a role is enough:
inside, each model's add, change and delete permissions decide, as they do for staff, and
the review fields obey the same rules as on the pages (claims.admin.ClaimAdmin).
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from claims.roles import may_read


def may_use_admin(user) -> bool:
    return user.is_active and (user.is_staff or may_read(user))


class RoleAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, letting in whoever `may_use_admin`."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "Enter the username and password of an account with a desk role "
        "(viewer, editor or reviewer). Both are case-sensitive.",
    }

    def confirm_login_allowed(self, user) -> None:
        # The stock check for an inactive account, without the admin's staff-only one.
        AuthenticationForm.confirm_login_allowed(self, user)
        if not may_use_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class LedgerAdminSite(admin.AdminSite):
    site_header = "Counterclaim"
    site_title = "Counterclaim admin"
    index_title = "Claim ledger"
    login_form = RoleAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user)
