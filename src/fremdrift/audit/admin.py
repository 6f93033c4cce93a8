"""The audit log in the admin: read-only, for support. Nobody may add, change or delete an event
(the database refuses it anyway). No free-text search: a CPR number typed into a search box would
reach the URL."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from fremdrift.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "actor_label", "action", "kommune", "borger_id", "view", "object_type"]
    list_filter = ["action", "kommune"]
    date_hierarchy = "at"
    list_select_related = ["kommune"]
    readonly_fields = [
        "at",
        "actor",
        "actor_label",
        "action",
        "kommune",
        "borger_id",
        "object_type",
        "object_id",
        "view",
        "before",
        "after",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
