"""Making and revoking API tokens; each is an audit event naming who did it."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Final

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.api.models import ApiToken
from fremdrift.audit.models import Action
from fremdrift.audit.services import record
from fremdrift.indsats.errors import refuse
from fremdrift.organisation.models import User

# Recognisable in a leaked-secret scan and in a log line someone pasted by mistake.
TOKEN_PREFIX: Final = "fdr_"  # noqa: S105 - a prefix, not a secret
PREFIX_SHOWN: Final = len(TOKEN_PREFIX) + 6


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    # The secret itself: shown to the person once, never stored.
    secret: str


def create_token(*, actor: User | None, user: User, name: str) -> NewToken:
    """A new token for `user`; `actor` (None: the system, from the command line) is logged."""
    name = name.strip()
    if not name:
        refuse("name", _("Giv tokenet et navn, fx det system der skal bruge det."), code="required")
    if not user.is_active:
        refuse("user", _("Brugeren er deaktiveret og kan ikke få et token."), code="inactive")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            user=user, name=name, token_hash=token_hash(secret), prefix=secret[:PREFIX_SHOWN]
        )
        token.full_clean()
        token.save()
        record(
            actor=actor,
            action=Action.CREATE,
            obj=token,
            kommune_id=user.kommune_id,
            after={"user": user.get_username(), "name": name, "prefix": token.prefix},
        )
    return NewToken(token, secret)


def revoke_token(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Revoke a token from now on; a revoked token stays listed, as the log names it."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if token.revoked_at is not None:
            refuse(None, _("Tokenet er allerede tilbagekaldt."), code="already_revoked")
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=token,
            kommune_id=token.user.kommune_id,
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at.isoformat(), "name": token.name},
        )
    return token


def authenticate(secret: str) -> User | None:
    """The active login behind an unrevoked token, or None; notes when the token was used."""
    token = (
        ApiToken.objects.select_related("user", "user__medarbejder")
        .filter(token_hash=token_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
