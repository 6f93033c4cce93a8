"""Admin for support: municipalities (read-only), teams, staff and logins.

Citizens are deliberately not here: a CPR number would reach admin URLs, search and history.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fremdrift.organisation.models import Kommune, Medarbejder, Team, User
from fremdrift.organisation.services import access_snapshot, record_user_saved

admin.site.site_header = _("fremdrift: administration")
admin.site.site_title = _("fremdrift")
admin.site.index_title = _("Referencedata og logins")


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Shown, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Kommune)
class KommuneAdmin(ReadOnlyAdmin):
    """The 98 municipalities come from a migration, never typed in."""

    list_display = ["kode", "navn", "region"]
    list_filter = ["region"]
    search_fields = ["kode", "navn"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["navn", "kommune"]
    list_filter = ["kommune"]
    search_fields = ["navn"]
    list_select_related = ["kommune"]


@admin.register(Medarbejder)
class MedarbejderAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["navn", "medarbejder_id", "kommune", "team", "sagsstamme_loft"]
    list_filter = ["kommune", "blandet_sagsstamme"]
    search_fields = ["navn", "medarbejder_id"]
    list_select_related = ["kommune", "team"]
    autocomplete_fields = ["team"]


ACCESS_FIELDS = ("role", "kommune", "medarbejder")
ACCESS_HELP = _(
    "Rolle, kommune og medarbejder afgør, hvilke borgere login'et ser. "
    "STAR har ingen kommune; alle andre har én."
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    """Django's user admin (passwords hashed with Argon2) plus role, municipality and staff link.

    A new login, and every change to what a login may see, is written to the audit log.
    """

    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Adgang i fremdrift"), {"fields": ACCESS_FIELDS, "description": ACCESS_HELP}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Adgang i fremdrift"), {"fields": ACCESS_FIELDS, "description": ACCESS_HELP}),
    )
    list_display = ["username", "first_name", "last_name", "role", "kommune", "is_active"]
    list_filter = ["role", "kommune", "is_active", "is_staff"]
    list_select_related = ["kommune"]
    autocomplete_fields = ["kommune", "medarbejder"]

    def save_model(
        self, request: HttpRequest, obj: User, form: ModelForm[User], change: bool
    ) -> None:
        before = None
        if change and obj.pk is not None:
            stored = User.objects.filter(pk=obj.pk).first()
            before = access_snapshot(stored) if stored is not None else None
        super().save_model(request, obj, form, change)
        actor = request.user if isinstance(request.user, User) else None
        record_user_saved(actor=actor, user=obj, before=before)
