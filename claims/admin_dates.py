"""Admin changelists whose date drill-down (`date_hierarchy`) survives any date in the URL.

Django turns `?stated_on__year=2025` into a range with `datetime()`, and refuses a year it
cannot build as an invalid lookup (back to the list with `?e=1`) only when `datetime()` raises
`ValueError`: a year of 20 digits overflows instead (`OverflowError`), and year 9999 builds but
has no next year to end its range at. Both were 500s (issue 10).
"""

from typing import Any

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest


class BoundedDateChangeList(ChangeList):
    def get_filters(self, request: HttpRequest) -> Any:
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class BoundedDateHierarchy:
    """For every ModelAdmin with a `date_hierarchy`: a date out of range is a bad lookup."""

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return BoundedDateChangeList
