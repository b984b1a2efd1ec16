"""The three editorial roles and what each may do.

Roles are Django groups, so an administrator can see and adjust them in the admin; this
module is the one place that says which permissions each role starts with.
"""

from django.contrib.auth.models import Group, Permission

MODELS = ("actor", "source", "place", "incident", "claim", "figure", "claimlink", "evidencelink")

VIEWER = "viewer"
EDITOR = "editor"
REVIEWER = "reviewer"

_READ = [f"view_{model}" for model in MODELS]
_RECORD = [f"{action}_{model}" for model in MODELS for action in ("add", "change")]
# Undoing a pairing deletes the link it made, and evidence can be taken off a claim: both
# are kept restorable (claims.history). Editors may also delete the claims they recorded
# themselves (claims.history.removal.may_delete); deleting anyone's claim is a reviewer's call.
_REMOVE = ["delete_claimlink", "delete_evidencelink"]
_REVIEW = ["grade_claim", "publish_claim", "delete_claim"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    VIEWER: _READ,
    EDITOR: _READ + _RECORD + _REMOVE,
    REVIEWER: _READ + _RECORD + _REMOVE + _REVIEW,
}


# What every role holds: reading the ledger. A signed-in account in no group lacks it, and
# sees nothing but the page saying so (claims.views.access.RoleRequired).
READ_PERMISSION = "claims.view_claim"


def may_read(user) -> bool:
    """Whether `user` holds a role (or is an administrator): signing in alone is not enough."""
    return user.is_active and user.has_perm(READ_PERMISSION)


def role_of(user) -> str:
    """The strongest role a user holds, for the header ("who am I")."""
    if not user.is_authenticated:
        return ""
    if user.is_superuser:
        return "administrator"
    names = {group.name for group in user.groups.all()}
    return next((role for role in (REVIEWER, EDITOR, VIEWER) if role in names), "no role")


def ensure_roles() -> None:
    """Create the role groups with their permissions if they are missing (idempotent).

    The migration creates them once; this puts them back where a test database was flushed.
    """
    for role, codenames in ROLE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=role)
        if created:
            group.permissions.set(
                Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
            )
