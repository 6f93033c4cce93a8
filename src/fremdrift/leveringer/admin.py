"""Loaded deliveries in the admin: read-only, and without the stored tables (they hold CPR
numbers); warnings are shown with any CPR number masked."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fremdrift.borgere.cpr import mask_text
from fremdrift.leveringer.models import DeliveryImport

# Everything but the tables blob (it holds the delivery's CPR numbers).
FIELDS = (
    "kommune",
    "source_name",
    "imported_at",
    "imported_by",
    "active",
    "superseded_by",
    "sha256",
    "row_counts",
    "masked_warnings",
)


@admin.register(DeliveryImport)
class DeliveryImportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["kommune", "imported_at", "active", "source_name", "short_sha256"]
    list_filter = ["active", "kommune"]
    date_hierarchy = "imported_at"
    list_select_related = ["kommune"]
    exclude = ["tables"]
    fields = FIELDS
    readonly_fields = FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[DeliveryImport]:
        # The tables blob is never loaded for the admin.
        return super().get_queryset(request).defer("tables")

    @admin.display(description=_("sha256"))
    def short_sha256(self, obj: DeliveryImport) -> str:
        return obj.sha256[:12]

    @admin.display(description=_("advarsler"))
    def masked_warnings(self, obj: DeliveryImport) -> str:
        return mask_text("\n".join(str(w) for w in obj.warnings or []))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: DeliveryImport | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: DeliveryImport | None = None
    ) -> bool:
        return False
