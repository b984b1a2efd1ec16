"""Intake runs in the admin, to read: the worker writes them, and they are not ledger rows."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from claims.admin_dates import BoundedDateHierarchy
from claims.intake.models import Intake


@admin.register(Intake)
class IntakeAdmin(BoundedDateHierarchy, admin.ModelAdmin):
    list_display = ["id", "source", "status", "created_by", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["source", "created_by"]
    search_fields = ["source__title"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    # A run's proposals can be long, and its source's text longer: neither is loaded for a list.
    readonly_fields = ["source", "created_by", "status", "error", "proposals", "created_at"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return (
            super()
            .get_queryset(request)
            .select_related("source")
            .defer("proposals", "source__text")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
