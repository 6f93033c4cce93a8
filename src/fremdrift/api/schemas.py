"""What the API reads and answers (OpenAPI components). Codes are the delivery's and the
models' own (DELIVERY.md); a citizen's CPR number only ever appears masked (`ddmmåå-xxxx`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Final

from ninja import Schema
from pydantic import BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from fremdrift.api.pagination import PageInfo
from fremdrift.delivery.schema import MARKERINGER
from fremdrift.engine.definitions import INITIATIVE_KEYS
from fremdrift.indsats.models import Kontaktform
from fremdrift.virksomheder.models import Aftaletype


def _one_of(codes: tuple[str, ...] | list[str]) -> str:
    return "^(" + "|".join(codes) + ")$"


# Text as PostgreSQL can store it: no NUL character.
_NO_NUL: Final = r"^[^\x00]*$"
ShortText = Annotated[str, StringConstraints(max_length=200, pattern=_NO_NUL)]
LongText = Annotated[str, StringConstraints(max_length=10_000, pattern=_NO_NUL)]
MARKING_CODES: Final = tuple(c for c in MARKERINGER if c != "jobformidler")
Initiative = Annotated[str, StringConstraints(pattern=_one_of(INITIATIVE_KEYS))]
Month = Annotated[str, StringConstraints(pattern=r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")]
Kommunekode = Annotated[str, StringConstraints(pattern=r"^\d{3}$")]


def _date_text(value: object) -> object:
    # Pydantic's lax mode would read the number 0 as 1 January 1970.
    if isinstance(value, str | date):
        return value
    raise PydanticCustomError("date_type", "Input should be a date written YYYY-MM-DD")


# A date as JSON writes it, "YYYY-MM-DD" (not a number of seconds).
Day = Annotated[date, BeforeValidator(_date_text)]
# Surrogate keys: positive and within a 64-bit integer column.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


# --- Citizens ------------------------------------------------------------------------------------


class BorgerOut(Schema):
    id: int = Field(description="Borgerens nøgle i fremdrift (aldrig CPR-nummeret).")
    navn: str
    cpr: str = Field(description="CPR-nummeret maskeret: fødselsdatoen og -xxxx.")
    alder: int
    koen: str
    herkomst: str
    jobformidler: str | None = Field(description="Navnet på borgerens jobformidler i dag.")


class BorgerPage(PageInfo):
    items: list[BorgerOut]


class PeriodOut(Schema):
    id: int
    start: date
    slut: date | None


class ForloebOut(PeriodOut):
    initiativ: str
    gruppe: int
    slutaarsag: str


class YdelseOut(PeriodOut):
    ydelse: str
    visitation: str
    program: str


class MarkeringOut(PeriodOut):
    markering: str
    medarbejder: str | None
    fritagelsesgrund: str


class TrinOut(Schema):
    id: int
    initiativ: str
    trin: int
    start: date
    frist: date | None
    afsluttet: date | None


class KontaktOut(Schema):
    id: int
    dato: date
    form: str
    med_hvem: str
    medarbejder: str | None
    note: str


class TimerOut(Schema):
    maaned: str = Field(description="ÅÅÅÅ-MM")
    timer: Decimal | None = Field(description="null: ikke registreret.")


class AftaleOut(PeriodOut):
    aktivitet: str
    virksomhed_cvr: str | None
    virksomhed_navn: str | None
    timer_pr_uge: float | None
    timer: list[TimerOut]


class JobmaalOut(Schema):
    beskrivelse: str
    start: date
    slut: date | None


class BorgerDetail(BorgerOut):
    initiativ: str
    forloeb: list[ForloebOut]
    ydelser: list[YdelseOut]
    markeringer: list[MarkeringOut]
    trin: list[TrinOut]
    frist: date | None = Field(description="Fristen for det åbne trin.")
    naeste_kontakt: date | None = Field(description="Hvornår næste kontakt skal holdes.")
    kontakter: list[KontaktOut]
    aftaler: list[AftaleOut]
    jobmaal: list[JobmaalOut]
    cv_opdateret: date | None


# --- Writes --------------------------------------------------------------------------------------


class KontaktIn(Schema):
    dato: Day
    form: Kontaktform
    med_hvem: ShortText = ""
    note: LongText = ""


class MarkeringIn(Schema):
    markering: Annotated[str, StringConstraints(pattern=_one_of(MARKING_CODES))] = Field(
        description="rehabilitering, step_up eller fritagelse (en jobformidler tildeles i "
        "web-appen)."
    )
    start: Day
    slut: Day | None = None
    fritagelsesgrund: ShortText = ""


class AftaleIn(Schema):
    aktivitet: Aftaletype
    virksomhed: ShortText = Field(
        "", description="Virksomhedens CVR-nummer eller navn i kommunen; tom: ingen."
    )
    start: Day
    slut: Day | None = None
    timer_pr_uge: float | None = None
    opgaver: LongText = ""
    kontaktperson: ShortText = ""
    progressionsplan: LongText = ""


class TimerIn(Schema):
    timer: Decimal = Field(description="Timer arbejdet i måneden.")


class Created(Schema):
    id: int


class TimerSaved(Schema):
    aftale: int
    maaned: str
    timer: Decimal


# --- Caseloads -----------------------------------------------------------------------------------


class SagsstammeOut(Schema):
    medarbejder: int = Field(description="Medarbejderens nøgle i fremdrift.")
    navn: str
    team: str | None
    antal: int = Field(description="Borgere med medarbejderen som jobformidler i dag.")
    loft: int


class SagsstammeBorger(Schema):
    borger: int
    navn: str
    cpr: str
    trin: int | None
    frist: date | None
    frist_overskredet: bool
    seneste_kontakt: date | None
    naeste_kontakt: date | None
    kontakt_forfalden: bool
    cv: str
    jobmaal: str | None
    aftale: str | None
    timer_sidste_maaned: Decimal | None


class SagsstammeDetail(SagsstammeOut):
    borgere: list[SagsstammeBorger]


# --- Figures -------------------------------------------------------------------------------------


class FigureOut(Schema):
    initiative: str
    month: str
    level: str
    kommunekode: str | None
    indicator: str
    breakdown: str
    category: str
    numerator: int | None = Field(description="null: skjult af diskretionering.")
    denominator: int | None
    share: float | None = Field(description="numerator / denominator; null hvis skjult.")
    suppressed: bool


class FigurePage(PageInfo):
    source: str = Field(
        description="`database`: kommunens egne tal nu; `release`: en frossen udgivelse."
    )
    release: int | None
    items: list[FigureOut]


class ReleaseOut(Schema):
    id: int
    initiative: str
    month: str
    first_month: str
    revision: int
    created_at: datetime
    reason: str
    definitions_version: str
    figures_sha256: str
    missing: list[str]
    inputs: dict[str, int] = Field(description="Kommunekode -> leverancens version.")
    supersedes: int | None


class ReleasePage(PageInfo):
    items: list[ReleaseOut]


# --- Deliveries ----------------------------------------------------------------------------------


class DeliveryProblem(Schema):
    file: str
    line: int | None
    column: int | str | None
    code: str
    message_da: str
    message_en: str
    severity: str


class DeliveryImported(Schema):
    id: int
    kommune: str
    changed: bool = Field(description="false: den samme leverance var allerede indlæst.")
    rows: dict[str, int]
    removed_borgere: int
    warnings: list[str]
