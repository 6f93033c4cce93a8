"""Companies in the admin. Agreements and hours belong to citizens and stay out of it."""

from __future__ import annotations

from django.contrib import admin

from fremdrift.virksomheder.models import Virksomhed


@admin.register(Virksomhed)
class VirksomhedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["navn", "cvr", "kommune", "branche", "kontaktperson"]
    list_filter = ["kommune"]
    search_fields = ["navn", "cvr", "branche"]
    list_select_related = ["kommune"]
