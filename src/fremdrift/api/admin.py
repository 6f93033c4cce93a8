"""API tokens in the admin: made and revoked through the services (audit-logged); the token is
shown once, right after it is made, and never stored."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fremdrift.api.models import ApiToken
from fremdrift.api.services import create_token, revoke_token
from fremdrift.organisation.models import User


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@admin.action(description=_("Tilbagekald de valgte tokens"))
def revoke(modeladmin: ApiTokenAdmin, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
    revoked = 0
    for token in queryset.filter(revoked_at__isnull=True):
        revoke_token(actor=_actor(request), token=token)
        revoked += 1
    modeladmin.message_user(request, _("%(antal)d tokens tilbagekaldt.") % {"antal": revoked})


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "prefix"]
    actions = [revoke]
    SHOWN = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")

    def get_readonly_fields(
        self, request: HttpRequest, obj: ApiToken | None = None
    ) -> tuple[str, ...]:
        # A token is made from a login and a name; after that it only shows, or is revoked.
        return () if obj is None else self.SHOWN

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> tuple[str, ...]:
        return ("user", "name") if obj is None else self.SHOWN

    def save_model(self, request: HttpRequest, obj: ApiToken, form: ModelForm, change: bool) -> Any:  # type: ignore[type-arg]
        if change:
            return
        try:
            made = create_token(actor=_actor(request), user=obj.user, name=obj.name)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return
        obj.pk = made.token.pk
        messages.warning(
            request,
            _("Tokenet vises kun denne ene gang; gem det nu: %(token)s") % {"token": made.secret},
        )

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        # A token is revoked, not deleted: the audit log names it.
        return False
