"""Natural keys for the rows a backup names but does not hold (groups, permissions)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from claims.backup.format import BackupError, plain


class NaturalKeys:
    """Each row's natural key, and each natural key's row, looked up once per export or import."""

    def __init__(self) -> None:
        self.keys: dict[tuple[type[models.Model], Any], list] = {}
        self.pks: dict[tuple[type[models.Model], tuple], Any] = {}

    def key_of(self, model: type[models.Model], pk: Any) -> list:
        if (model, pk) not in self.keys:
            row = model._default_manager.get(pk=pk)
            self.keys[model, pk] = [plain(part) for part in row.natural_key()]
        return self.keys[model, pk]

    def pk_of(self, model: type[models.Model], key: Any) -> Any:
        try:
            lookup = (model, tuple(key))
            if lookup not in self.pks:
                self.pks[lookup] = model._default_manager.get_by_natural_key(*key).pk
        except (TypeError, ObjectDoesNotExist):
            raise BackupError(
                f"The file names a {model._meta.label} {key!r} that this database does not have."
            ) from None
        return self.pks[lookup]

    def sorted_keys(self, model: type[models.Model], pks: list[Any]) -> list[list]:
        return sorted(self.key_of(model, pk) for pk in pks)
