from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

WINDOW = timedelta(hours=1)


def email_key(email: str) -> str:
    """The email address asked for, keyed so that the table holds no address anyone typed."""
    return salted_hmac("password-reset", email.strip().lower(), algorithm="sha256").hexdigest()


class ResetRequestQuerySet(models.QuerySet):
    def recent(self) -> "ResetRequestQuerySet":
        return self.filter(at__gte=timezone.now() - WINDOW)


class ResetRequest(models.Model):
    """A password reset that was let through, counted for the throttle for an hour.

    Kept in the database, not in a worker's memory, so that every app server process counts
    the same requests. Not ledger data: older rows are deleted as new ones come.
    """

    ip = models.CharField(max_length=45)
    email_key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ResetRequestQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Password reset asked from {self.ip} at {self.at:%Y-%m-%d %H:%M}"

    @classmethod
    def allowed(cls, ip: str, email: str) -> bool:
        """Whether this address, and this email, may ask for another reset within the hour."""
        recent = cls.objects.recent()
        limit = settings.PASSWORD_RESET_LIMIT
        return (
            recent.filter(ip=ip).count() < limit
            and recent.filter(email_key=email_key(email)).count() < limit
        )

    @classmethod
    def record(cls, ip: str, email: str) -> None:
        cls.objects.filter(at__lt=timezone.now() - WINDOW).delete()
        cls.objects.create(ip=ip, email_key=email_key(email))
