"""Synthetic case work for the demo, the browser tests and the benchmark.

A generated delivery gives citizens, programme periods, markings, benefits and agreements, but
none of the case system's own rows. `create_demo_casework` adds them, plausibly and from each
citizen's own data, for every delivered citizen with an open FSM2 or ressourceforløb period on
`today`:

- steps: trin 1 from the start of the period (of the chain of periods joined by a gruppeskift),
  trin 2 about a month later, trin 3 from the first agreement; deadlines from
  `services.step_deadline`. Some citizens stay in trin 1 past its deadline;
- contacts in the last half year, mostly on the cadence of `indsats.cadence` but with gaps, so
  that some are overdue; a network meeting is a contact too;
- a CV for most (some outdated), a jobmål for most (matching the branche of the first company),
  1-3 delmål with statuses, step-up offers for citizens with a step-up marking, network
  involvement for some;
- names, branches and a contact person for the companies the delivery brought as bare CVR
  numbers, and monthly hours for every delivered agreement of paid hours.

Deterministic for a seed: each citizen draws from a generator seeded by the seed and their own
identity, so the result does not depend on primary keys or on the order of the rows. Fast: a
constant number of queries per table (reads of whole tables, bulk inserts in batches of BATCH
rows), whatever the number of citizens.

Idempotent: the case rows of delivered citizens (`Borger.source` set) and the hours of delivered
agreements are this module's own and are replaced on each run; what staff recorded about
citizens they registered themselves stays. A company keeps a name someone gave it; only a blank
name or the one this module gave is (re)written.
"""

from __future__ import annotations

import calendar
import random
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Final, TypeVar

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from fremdrift.borgere.models import Borger, Forloeb, Markering, Ydelse
from fremdrift.errors import UserError
from fremdrift.indsats.models import (
    CV,
    Delmaal,
    DelmaalStatus,
    Forvaltning,
    Jobmaal,
    Kontakt,
    Kontaktform,
    Netvaerksinddragelse,
    Step,
    StepUpTilbud,
    Trin,
)
from fremdrift.indsats.services import step_deadline
from fremdrift.indsats.workdays import next_working_day
from fremdrift.reference.kommuner import is_kommunekode, navn
from fremdrift.virksomheder.models import Aftale, Aftaletype, Timer, Virksomhed

T = TypeVar("T")

DEFAULT_SEED: Final = 1
BATCH: Final = 5000
# Initiatives in the order a citizen in both is shown under.
INITIATIVER: Final = ("fsm2", "ressourceforloeb")
# Contacts before this many days ago are history kept in the previous case system.
CONTACT_HISTORY_DAYS: Final = 183
# Of the group-1 citizens past the trin-1 deadline without any agreement: still in trin 1.
STUCK_IN_TRIN1: Final = 0.35
HOURS_KINDS: Final = frozenset({Aftaletype.LOENNEDE_TIMER.value, Aftaletype.SMAAJOB.value})
COMPANY_KINDS: Final = frozenset(
    {
        Aftaletype.VIRKSOMHEDSPRAKTIK.value,
        Aftaletype.LOENTILSKUD.value,
        Aftaletype.LOENNEDE_TIMER.value,
        Aftaletype.SMAAJOB.value,
    }
)
WEEKS_PER_MONTH: Final = 4.3

# Gaps between contacts in days: (weight, shortest, longest). Most follow the cadence, some not.
Gaps = tuple[tuple[float, int, int], ...]
WEEKLY: Final[Gaps] = ((0.85, 4, 7), (0.10, 8, 13), (0.05, 14, 28))
MONTHLY: Final[Gaps] = ((0.85, 14, 31), (0.10, 32, 45), (0.05, 46, 75))
REHABILITATION: Final[Gaps] = ((0.8, 21, 45), (0.2, 46, 90))

# --- Companies -----------------------------------------------------------------------------------

# Branche: name patterns ({place}, {surname}, {surname2}) and job goals in it.
BRANCHER: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "Detail": (
        ("Købmanden {place}", "{surname}s Tøj og Sko", "Blomsterhuset {place}", "{place} Cykler"),
        ("Butiksassistent", "Kassemedarbejder i supermarked", "Varepåfylder"),
    ),
    "Rengøring": (
        ("{place} Rengøring", "Rent Hus {place}", "{surname} Erhvervsrengøring"),
        ("Rengøringsassistent", "Erhvervsrengøring på deltid", "Vinduespudser"),
    ),
    "Byggeri": (
        ("Tømrerfirmaet {surname}", "{surname} Byg", "{place} Murer og Entreprenør"),
        ("Håndværkermedhjælper", "Tømrerlærling", "Malermedhjælper"),
    ),
    "Transport": (
        ("{place} Vognmandsforretning", "{surname} Transport", "Flyttefirmaet {place}"),
        ("Chauffør med kørekort B", "Flyttemedhjælper", "Budchauffør"),
    ),
    "Hotel og restauration": (
        ("Bageriet {place}", "Café {place}", "Restaurant {surname}", "Hotel {place}"),
        ("Køkkenmedhjælper", "Opvasker", "Bagermedhjælper", "Tjener"),
    ),
    "Pleje": (
        ("Plejecentret {place}", "Bostedet {place}", "{surname} Hjemmepleje"),
        ("Social- og sundhedshjælper", "Pædagogmedhjælper", "Køkkenassistent på plejecenter"),
    ),
    "Lager": (
        ("{place} Lager og Logistik", "{surname} Engros", "Pakkecentret {place}"),
        ("Lagermedarbejder", "Truckfører", "Pakkemedarbejder"),
    ),
    "Kontor": (
        ("{surname} Revision", "Kontorhuset {place}", "{surname} & {surname2} Advokater"),
        ("Kontorassistent", "Receptionist", "Bogholderassistent"),
    ),
    "Landbrug": (
        ("{surname}s Gård", "{place} Planteskole", "Maskinstation {place}", "Gartneriet {place}"),
        ("Landbrugsmedhjælper", "Gartnerimedhjælper", "Staldmedarbejder"),
    ),
    "IT": (
        ("{place} IT-service", "{surname} Data", "PC-Klinikken {place}"),
        ("IT-supporter", "Elev i webudvikling", "Tester af software"),
    ),
}
SUFFIXES: Final = ("ApS", "ApS", "ApS", "A/S", "I/S", "")
PLACES: Final[dict[str, tuple[str, ...]]] = {
    "101": ("København", "Amager", "Østerbro", "Nørrebro", "Vesterbro", "Valby", "Sydhavnen"),
    "147": ("Frederiksberg", "Nørrebro", "Vesterbro", "Valby", "Fasanvej", "Godthåbsvej"),
    "766": ("Hedensted", "Juelsminde", "Løsning", "Tørring", "Uldum", "Hornsyld", "Stouby"),
    "791": ("Viborg", "Bjerringbro", "Karup", "Stoholm", "Møldrup", "Ørum", "Skals", "Tjele"),
}
SURNAMES: Final = (
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Møller",
    "Mortensen",
    "Yilmaz",
)
FIRST_NAMES: Final = (
    "Anne",
    "Mette",
    "Hanne",
    "Helle",
    "Camilla",
    "Louise",
    "Fatima",
    "Lars",
    "Jens",
    "Peter",
    "Søren",
    "Henrik",
    "Mads",
    "Rasmus",
    "Ali",
)


@dataclass(frozen=True)
class CompanyProfile:
    navn: str
    branche: str
    kontaktperson: str
    kontakt_telefon: str
    kontakt_email: str


def company_profile(kommune: str, cvr: str) -> CompanyProfile:
    """A Danish-sounding company for a CVR number: the same for the same number, every run."""
    rng = random.Random(f"virksomhed/{kommune}/{cvr}")  # noqa: S311 - made-up data, no secret
    branche = rng.choice(sorted(BRANCHER))
    patterns, _ = BRANCHER[branche]
    places = PLACES.get(kommune) or tuple(
        f"{navn(kommune)} {part}" for part in ("Nord", "Syd", "Øst", "Vest", "Midt")
    )
    surname, surname2 = rng.sample(SURNAMES, 2)
    name = rng.choice(patterns).format(place=rng.choice(places), surname=surname, surname2=surname2)
    suffix = "" if branche == "Pleje" else rng.choice(SUFFIXES)
    name = f"{name} {suffix}".strip()
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    phone = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(3))
    return CompanyProfile(
        navn=name,
        branche=branche,
        kontaktperson=f"{first} {last}",
        kontakt_telefon=f"{rng.randint(20, 99)} {phone}",
        kontakt_email=f"{_ascii(first)}@{_ascii(name)[:40]}.dk",
    )


def _ascii(text: str) -> str:
    """Lower-case letters and digits only, with æ, ø and å folded as Danish addresses do."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum())


# --- Texts of the case work ----------------------------------------------------------------------

DELMAAL: Final = (
    "Møde stabilt op til aftaler",
    "Opdatere CV på Jobnet",
    "Afklare helbred med egen læge",
    "Gennemføre virksomhedspraktik i 8 uger",
    "Øge arbejdstiden til 10 timer om ugen",
    "Tage kørekort",
    "Gennemføre danskuddannelse, modul 3",
    "Søge to job om ugen",
    "Få styr på økonomien med gældsrådgivning",
    "Komme i gang med motion to gange om ugen",
    "Afprøve et nyt arbejdsområde i praktik",
)
STEP_UP: Final[dict[str, tuple[str, ...]]] = {
    Forvaltning.SUNDHED: (
        "Sundhedsforløb om smerter og søvn",
        "Forløb i kommunens sundhedscenter",
        "Afklaring af helbred med egen læge",
    ),
    Forvaltning.SOCIAL: ("Støtte- og kontaktperson", "Bostøtte", "Gældsrådgivning"),
    Forvaltning.FAMILIE: ("Familiebehandling", "Forældreforløb i familieafdelingen"),
    Forvaltning.MISBRUG: ("Ambulant alkoholbehandling", "Forløb i misbrugscentret"),
    Forvaltning.ANDET: ("Mentorstøtte", "Samtaler med psykolog"),
}
FORVALTNING_WEIGHTS: Final = (
    (Forvaltning.SUNDHED, 0.35),
    (Forvaltning.SOCIAL, 0.30),
    (Forvaltning.MISBRUG, 0.15),
    (Forvaltning.FAMILIE, 0.15),
    (Forvaltning.ANDET, 0.05),
)
NETWORK: Final = ("Ægtefælle", "Datter", "Søn", "Søster", "Bror", "Ven", "Nabo", "Mentor")
NETWORK_NOTES: Final = (
    "Deltog i samtalen om jobmål",
    "Hjælper med transport til praktikken",
    "Med til opfølgningsmødet",
    "",
)
NOTES: Final[dict[str, tuple[str, ...]]] = {
    Kontaktform.SAMTALE: (
        "Opfølgning på jobmål",
        "Gennemgang af CV",
        "Status på delmål",
        "Samtale om helbred og ressourcer",
        "",
    ),
    Kontaktform.TELEFON: ("Kort opfølgning", "Aftalt nyt møde", ""),
    Kontaktform.DIGITAL: ("Besked via Min Plan", "Svar på jobforslag", ""),
    Kontaktform.VIRKSOMHEDSBESOEG: (
        "Opfølgning med virksomheden på opgaver og timer",
        "Trepartssamtale om flere timer",
        "",
    ),
}
FORMS: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "trin2": (
        (Kontaktform.SAMTALE, 0.45),
        (Kontaktform.TELEFON, 0.30),
        (Kontaktform.DIGITAL, 0.25),
    ),
    "trin3": (
        (Kontaktform.VIRKSOMHEDSBESOEG, 0.35),
        (Kontaktform.SAMTALE, 0.30),
        (Kontaktform.TELEFON, 0.25),
        (Kontaktform.DIGITAL, 0.10),
    ),
    "gruppe2": (
        (Kontaktform.SAMTALE, 0.5),
        (Kontaktform.TELEFON, 0.35),
        (Kontaktform.DIGITAL, 0.15),
    ),
}


# --- The citizens' delivered data ----------------------------------------------------------------


@dataclass(frozen=True)
class _Period:
    initiativ: str
    gruppe: int
    start: date
    slut: date | None
    slutaarsag: str

    def open_on(self, day: date) -> bool:
        return self.start <= day and (self.slut is None or self.slut >= day)


@dataclass(frozen=True)
class _Marking:
    markering: str
    start: date
    slut: date | None
    medarbejder_id: int | None


@dataclass(frozen=True)
class _Agreement:
    pk: int
    aktivitet: str
    start: date
    slut: date | None
    timer_pr_uge: float | None
    virksomhed_id: int | None


@dataclass
class _Citizen:
    pk: int
    kommune: str
    person_id: str
    periods: list[_Period] = field(default_factory=list)
    markings: list[_Marking] = field(default_factory=list)
    agreements: list[_Agreement] = field(default_factory=list)


@dataclass
class _NewRows:
    """The rows to insert, per model, in the order they are made."""

    rows: dict[type[models.Model], list[models.Model]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, obj: models.Model) -> None:
        self.rows[type(obj)].append(obj)


# The tables this module writes, in insert order, with the name its counts use.
TABLES: Final[tuple[tuple[str, type[models.Model]], ...]] = (
    ("trin", Step),
    ("kontakter", Kontakt),
    ("cv", CV),
    ("jobmaal", Jobmaal),
    ("delmaal", Delmaal),
    ("step_up_tilbud", StepUpTilbud),
    ("netvaerk", Netvaerksinddragelse),
    ("timer", Timer),
)


@dataclass(frozen=True)
class DemoCasework:
    today: date
    seed: int
    borgere: int  # citizens with an open period on `today`, who got case work
    rows: dict[str, int]  # rows written per table (TABLES' names)
    removed: int  # rows of an earlier run replaced
    virksomheder: int  # companies named or renamed


# --- Entry points --------------------------------------------------------------------------------


def latest_day(kommuner: Sequence[str]) -> date:
    """The last day of the latest month the municipalities' delivered data reaches (an extract
    covers whole months), and never after today."""
    latest: list[date] = []
    period_models: tuple[type[Forloeb | Ydelse | Markering | Aftale], ...] = (
        Forloeb,
        Ydelse,
        Markering,
        Aftale,
    )
    for model in period_models:
        found = model.objects.filter(
            borger__kommune_id__in=kommuner, source__isnull=False
        ).aggregate(start=Max("start"), slut=Max("slut"))
        latest.extend(d for d in found.values() if d is not None)
    if not latest:
        raise UserError("der er ingen indlæste perioder for kommunerne; kør `fremdrift import`")
    return min(_month_end(max(latest)), timezone.localdate())


def create_demo_casework(
    *, kommuner: Sequence[str], seed: int = DEFAULT_SEED, today: date | None = None
) -> DemoCasework:
    """Replace the synthetic case work of the municipalities' delivered citizens; see above."""
    codes = sorted(set(kommuner))
    unknown = [k for k in codes if not is_kommunekode(k)]
    if unknown or not codes:
        raise UserError(f"ukendte kommunekoder: {', '.join(unknown) or '(ingen)'}; fx 147,766,791")
    delivered = Borger.objects.filter(kommune_id__in=codes, source__isnull=False)
    loaded = set(delivered.values_list("kommune_id", flat=True).distinct())
    if missing := [k for k in codes if k not in loaded]:
        raise UserError(
            f"kommune {', '.join(missing)} har ingen indlæste borgere: kør "
            f"`fremdrift import LEVERANCE --kommune {missing[0]}` først; intet er skrevet"
        )
    day = today or latest_day(codes)
    with transaction.atomic():
        removed = _remove(codes)
        citizens = _load(codes, day)
        named, companies = _name_companies(codes)
        new = _NewRows()
        with_casework = 0
        for citizen in sorted(citizens.values(), key=lambda c: (c.kommune, c.person_id)):
            rng = random.Random(f"{seed}/{citizen.kommune}/{citizen.person_id}")  # noqa: S311
            with_casework += _casework(rng, citizen, day, companies, new)
            _hours(seed, citizen, day, new)
        for _, model in TABLES:
            model._default_manager.bulk_create(new.rows[model], batch_size=BATCH)
    counts = {name: len(new.rows[model]) for name, model in TABLES}
    return DemoCasework(day, seed, with_casework, counts, removed, named)


# --- Reading and removing ------------------------------------------------------------------------


def _remove(codes: list[str]) -> int:
    """Delete the earlier run's rows: one statement per table."""
    removed = 0
    for _, model in TABLES:
        rows: models.QuerySet[models.Model]
        if model is Timer:
            rows = Timer.objects.filter(
                aftale__borger__kommune_id__in=codes, aftale__source__isnull=False
            )
        else:
            rows = model._default_manager.filter(
                borger__kommune_id__in=codes, borger__source__isnull=False
            )
        removed += rows.delete()[0]
    return removed


def _load(codes: list[str], day: date) -> dict[int, _Citizen]:
    """Every delivered citizen of the municipalities with their periods: one query per table."""
    citizens: dict[int, _Citizen] = {}
    in_scope = {"borger__kommune_id__in": codes, "borger__source__isnull": False}

    def citizen(pk: int, kommune: str, person_id: str) -> _Citizen:
        if pk not in citizens:
            citizens[pk] = _Citizen(pk, kommune, person_id)
        return citizens[pk]

    forloeb = (
        Forloeb.objects.filter(**in_scope, initiativ__in=INITIATIVER, start__lte=day)
        .order_by("borger_id", "start", "id")
        .values_list(
            "borger_id",
            "borger__kommune_id",
            "borger__person_id",
            "initiativ",
            "gruppe",
            "start",
            "slut",
            "slutaarsag",
        )
    )
    for pk, kommune, person_id, initiativ, gruppe, start, slut, slutaarsag in forloeb:
        citizen(pk, kommune, person_id).periods.append(
            _Period(initiativ, gruppe, start, slut, slutaarsag)
        )
    markings = (
        Markering.objects.filter(**in_scope, start__lte=day)
        .exclude(markering="rehabilitering")
        .order_by("borger_id", "start", "id")
        .values_list("borger_id", "markering", "start", "slut", "medarbejder_id")
    )
    for pk, markering, start, slut, medarbejder_id in markings:
        if pk in citizens:
            citizens[pk].markings.append(_Marking(markering, start, slut, medarbejder_id))
    # Every delivered agreement: trin 3 starts at one, and paid hours are reported for each.
    agreements = (
        Aftale.objects.filter(**in_scope, start__lte=day)
        .order_by("borger_id", "start", "id")
        .values_list(
            "borger_id",
            "borger__kommune_id",
            "borger__person_id",
            "pk",
            "aktivitet",
            "start",
            "slut",
            "timer_pr_uge",
            "virksomhed_id",
        )
    )
    for pk, kommune, person_id, aftale, aktivitet, start, slut, timer, virksomhed in agreements:
        citizen(pk, kommune, person_id).agreements.append(
            _Agreement(aftale, aktivitet, start, slut, timer, virksomhed)
        )
    return citizens


def _name_companies(codes: list[str]) -> tuple[int, dict[int, Virksomhed]]:
    """Name the bare companies (and refresh those this module named); all companies by key."""
    fields = ("navn", "branche", "kontaktperson", "kontakt_telefon", "kontakt_email")
    companies = {v.pk: v for v in Virksomhed.objects.filter(kommune_id__in=codes)}
    changed: list[Virksomhed] = []
    for company in companies.values():
        profile = company_profile(company.kommune_id, company.cvr)
        if company.navn not in ("", profile.navn):
            continue  # named by someone: theirs
        values = {f: getattr(profile, f) for f in fields}
        if any(getattr(company, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(company, f, v)
            changed.append(company)
    Virksomhed.objects.bulk_update(changed, list(fields), batch_size=1000)
    return len(changed), companies


# --- One citizen's case work ---------------------------------------------------------------------


def _weighted(rng: random.Random, options: Iterable[tuple[T, float]]) -> T:
    values, weights = zip(*options, strict=True)
    chosen: T = rng.choices(values, weights)[0]
    return chosen


def _days(d: date, n: int) -> date:
    return d + timedelta(days=n)


def _between(rng: random.Random, first: date, last: date) -> date:
    """A day from first to last (first when last is earlier)."""
    return _days(first, rng.randint(0, max((last - first).days, 0)))


def _current_period(citizen: _Citizen, day: date) -> tuple[_Period, date, bool] | None:
    """The open period on `day`, the start of its chain and whether the chain began in group 1.

    Periods joined by a gruppeskift are one course through the steps.
    """
    open_now = [p for p in citizen.periods if p.open_on(day)]
    if not open_now:
        return None
    current = min(open_now, key=lambda p: (INITIATIVER.index(p.initiativ), p.start))
    first = current
    earlier = [p for p in citizen.periods if p.initiativ == current.initiativ]
    for p in reversed(earlier[: earlier.index(current)]):
        joined = p.slut is not None and (first.start - p.slut).days <= 1
        if p.slutaarsag != "gruppeskift" or not joined:
            break
        first = p
    return current, first.start, first.gruppe == 1


def _casework(
    rng: random.Random,
    citizen: _Citizen,
    day: date,
    companies: dict[int, Virksomhed],
    new: _NewRows,
) -> int:
    """Steps, contacts, CV, jobmål, delmål, step-up and network for one citizen; 1 if any."""
    found = _current_period(citizen, day)
    if found is None:
        return 0
    period, start, began_in_group1 = found
    b = citizen.pk
    group1 = period.gruppe == 1
    # The part of the course spent in group 1 ends the day before a change to group 2.
    group1_until = day if group1 else _days(period.start, -1)
    steps = _steps(rng, citizen, period.initiativ, start, began_in_group1, group1_until, day)
    for step in steps:
        new.add(step)
    hist = _days(day, -CONTACT_HISTORY_DAYS)
    contacts = _contacts(rng, citizen, steps, period, group1, day, companies)
    networked = group1 and rng.random() < 0.2
    if networked:
        for _ in range(rng.randint(1, 2)):
            when = next_working_day(_between(rng, start, day))
            if when > day:
                continue
            who = rng.choice(NETWORK)
            new.add(
                Netvaerksinddragelse(
                    borger_id=b, dato=when, hvem=who, beskrivelse=rng.choice(NETWORK_NOTES)
                )
            )
            contacts.append((when, Kontaktform.NETVAERKSMOEDE, f"Borger og {who.lower()}", ""))
    for when, form, who, note in contacts:
        if hist <= when <= day:
            new.add(
                Kontakt(
                    borger_id=b,
                    dato=when,
                    form=form,
                    med_hvem=who,
                    medarbejder_id=_jobformidler_on(citizen, when),
                    note=note,
                )
            )
    if rng.random() < (0.85 if group1 else 0.3):
        new.add(_cv(rng, b, day))
    if group1 and rng.random() < 0.85:
        for goal in _jobmaal(rng, citizen, steps, start, day, companies):
            new.add(goal)
    if group1 or rng.random() < 0.7:
        for _ in range(rng.randint(1, 3 if group1 else 2)):
            new.add(_delmaal(rng, b, start, day))
    for offer in _step_up(rng, citizen, start, day):
        new.add(offer)
    return 1


def _steps(
    rng: random.Random,
    citizen: _Citizen,
    initiativ: str,
    start: date,
    began_in_group1: bool,
    group1_until: date,
    day: date,
) -> list[Step]:
    """Trin 1 from the start, trin 2 about a month later, trin 3 from the first agreement.

    A course that began in group 2 closes trin 1 with the decision after 2-6 weeks; one that
    moved to group 2 closes its open step on the day of the change.
    """
    steps: list[Step] = []

    def step(trin: int, on: date) -> None:
        if steps:
            steps[-1].afsluttet = on
        deadline = _deadline(initiativ, trin, on)
        steps.append(
            Step(borger_id=citizen.pk, initiativ=initiativ, trin=trin, start=on, frist=deadline)
        )

    step(Trin.STARTAFKLARING, start)
    if not began_in_group1:
        decided = _days(start, rng.randint(14, 42))
        if decided <= day:
            steps[-1].afsluttet = decided
        return steps
    horizon = group1_until
    firsts = [
        a.start
        for a in citizen.agreements
        if a.aktivitet != Aftaletype.ANDET and _days(start, 1) < a.start <= horizon
    ]
    first_agreement = firsts[0] if firsts else None
    trin2 = _days(start, rng.randint(20, 45))
    frist1 = steps[0].frist
    stuck = (
        first_agreement is None
        and frist1 is not None
        and frist1 < horizon
        and rng.random() < STUCK_IN_TRIN1
    )
    if first_agreement is not None:
        trin2 = min(trin2, _days(start, max((first_agreement - start).days // 2, 1)))
    if not stuck and trin2 <= horizon:
        step(Trin.PAA_VEJ_MOD_JOB, trin2)
        if first_agreement is not None:
            step(Trin.VIRKSOMHEDSFORLOEB, first_agreement)
    if horizon < day:
        steps[-1].afsluttet = _days(horizon, 1)
    return steps


@cache
def _deadline(initiativ: str, trin: int, start: date) -> date | None:
    # Many citizens share a start day; the working-day count is the same for each of them.
    return step_deadline(initiativ=initiativ, trin=trin, start=start)


Contact = tuple[date, str, str, str]  # dato, form, med_hvem, note


def _walk(rng: random.Random, first: date, last: date, gaps: Gaps) -> list[date]:
    """Working days after `first` up to `last`, `gaps` apart."""
    out: list[date] = []
    base = first
    while True:
        _, low, high = _weighted(rng, ((g, g[0]) for g in gaps))
        base = _days(base, rng.randint(low, high))
        when = next_working_day(base)
        if when > last:
            return out
        out.append(when)


def _contacts(
    rng: random.Random,
    citizen: _Citizen,
    steps: list[Step],
    period: _Period,
    group1: bool,
    day: date,
    companies: dict[int, Virksomhed],
) -> list[Contact]:
    out: list[Contact] = []
    # Walks start shortly before the kept history, so the history starts mid-rhythm.
    early = _days(day, -CONTACT_HISTORY_DAYS - 90)

    def say(form: str) -> str:
        return rng.choice(NOTES[form])

    for step in steps:
        last = min(_days(step.afsluttet, -1) if step.afsluttet else day, day)
        if step.trin == Trin.STARTAFKLARING:
            # The 1-2 clarifying conversations; a course stuck in trin 1 may have had none.
            stuck = step.afsluttet is None and step.frist is not None and step.frist < day
            talks = rng.choice((0, 1)) if stuck else rng.randint(1, 2)
            when = step.start
            for _ in range(talks):
                when = next_working_day(_days(when, rng.randint(2, 12)))
                if when <= last:
                    out.append((when, Kontaktform.SAMTALE, "Borger", say(Kontaktform.SAMTALE)))
            continue
        first = max(step.start, early)
        if step.trin == Trin.PAA_VEJ_MOD_JOB:
            for when in _walk(rng, first, last, WEEKLY):
                form = _weighted(rng, FORMS["trin2"])
                out.append((when, form, "Borger", say(form)))
        else:
            for when in _walk(rng, first, last, MONTHLY):
                form = _weighted(rng, FORMS["trin3"])
                who = "Borger"
                if form == Kontaktform.VIRKSOMHEDSBESOEG:
                    who = _company_contact(citizen, when, companies)
                out.append((when, form, who, say(form)))
    if not group1:
        # Rehabilitation: the team follows up less often once the course is in group 2.
        after = steps[-1].afsluttet or period.start
        for when in _walk(rng, max(after, period.start, early), day, REHABILITATION):
            form = _weighted(rng, FORMS["gruppe2"])
            out.append((when, form, "Borger", say(form)))
    return out


def _company_contact(citizen: _Citizen, when: date, companies: dict[int, Virksomhed]) -> str:
    """'Borger og <the contact person>' at the company of the agreement running on `when`."""
    for a in reversed(citizen.agreements):
        if a.start <= when and (a.slut is None or a.slut >= when) and a.virksomhed_id:
            company = companies.get(a.virksomhed_id)
            if company is not None and company.kontaktperson:
                return f"Borger og {company.kontaktperson}"
    return "Borger og virksomheden"


def _jobformidler_on(citizen: _Citizen, when: date) -> int | None:
    for m in reversed(citizen.markings):
        if m.markering == "jobformidler" and m.start <= when and (m.slut is None or m.slut >= when):
            return m.medarbejder_id
    return None


def _cv(rng: random.Random, b: int, day: date) -> CV:
    if rng.random() < 0.25:  # outdated: not touched for more than half a year
        updated = _days(day, -rng.randint(200, 700))
    else:
        updated = _days(day, -rng.randint(0, 120))
    checked: date | None = None
    draw = rng.random()
    if draw < 0.65:
        checked = min(_days(updated, rng.randint(0, 20)), day)
    elif draw < 0.75:  # a check older than the update: stale
        checked = _days(updated, -rng.randint(30, 200))
    return CV(borger_id=b, senest_opdateret=updated, kvalitetstjekket=checked)


def _jobmaal(
    rng: random.Random,
    citizen: _Citizen,
    steps: list[Step],
    start: date,
    day: date,
    companies: dict[int, Virksomhed],
) -> list[Jobmaal]:
    """A goal set early in trin 2 (matching the first company's branche); some changed later."""
    trin2 = next((s.start for s in steps if s.trin == Trin.PAA_VEJ_MOD_JOB), None)
    first = _days(trin2 or start, rng.randint(0, 21))
    if first > day:
        return []
    branche = next(
        (
            companies[a.virksomhed_id].branche
            for a in citizen.agreements
            if a.aktivitet in COMPANY_KINDS and a.virksomhed_id in companies
        ),
        "",
    )
    if branche not in BRANCHER:
        branche = rng.choice(sorted(BRANCHER))
    goals = BRANCHER[branche][1]
    out = [Jobmaal(borger_id=citizen.pk, beskrivelse=rng.choice(goals), start=first)]
    later = _days(first, rng.randint(60, 300))
    if rng.random() < 0.25 and later <= day:
        other = rng.choice(sorted(set(goals) - {out[0].beskrivelse}))
        out[0].slut = later
        out.append(Jobmaal(borger_id=citizen.pk, beskrivelse=other, start=later))
    return out


def _delmaal(rng: random.Random, b: int, start: date, day: date) -> Delmaal:
    created = _between(rng, max(_days(start, 7), _days(day, -365)), day)
    created = min(created, day)
    deadline = _days(created, rng.randint(30, 120)) if rng.random() < 0.8 else None
    draw = rng.random()
    if deadline is not None and deadline < day:
        status = (
            DelmaalStatus.NAAET
            if draw < 0.55
            else DelmaalStatus.OPGIVET
            if draw < 0.65
            else DelmaalStatus.I_GANG
        )
    else:
        status = (
            DelmaalStatus.I_GANG
            if draw < 0.5
            else DelmaalStatus.IKKE_STARTET
            if draw < 0.9
            else DelmaalStatus.NAAET
        )
    as_of = created if status == DelmaalStatus.IKKE_STARTET else _between(rng, created, day)
    return Delmaal(
        borger_id=b,
        beskrivelse=rng.choice(DELMAAL),
        oprettet=created,
        frist=deadline,
        status=status,
        status_dato=as_of,
    )


def _step_up(rng: random.Random, citizen: _Citizen, start: date, day: date) -> list[StepUpTilbud]:
    """An offer for each step-up marking of the course; most take part."""
    out: list[StepUpTilbud] = []
    for m in citizen.markings:
        if m.markering != "step_up" or (m.slut is not None and m.slut < start):
            continue
        offered = max(m.start, start)
        forvaltning = _weighted(rng, FORVALTNING_WEIGHTS)
        offer = StepUpTilbud(
            borger_id=citizen.pk,
            forvaltning=forvaltning,
            beskrivelse=rng.choice(STEP_UP[forvaltning]),
            tilbudt=offered,
        )
        takes_part = _days(offered, rng.randint(7, 30))
        if rng.random() < 0.75 and takes_part <= day:
            offer.start = takes_part
            offer.slut = m.slut if m.slut is not None and m.slut >= takes_part else None
        out.append(offer)
    return out


# --- Hours ---------------------------------------------------------------------------------------


def _month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _hours(seed: int, citizen: _Citizen, day: date, new: _NewRows) -> None:
    """Hours worked each reported month of each paid-hours agreement: the agreed weekly hours
    times 4.3, for the part of the month it ran, with noise; a few months not reported yet."""
    for i, a in enumerate(citizen.agreements):
        if a.aktivitet not in HOURS_KINDS or a.timer_pr_uge is None:
            continue
        key = f"{seed}/{citizen.kommune}/{citizen.person_id}/timer/{i}/{a.start}"
        rng = random.Random(key)  # noqa: S311
        month = a.start.replace(day=1)
        last = min(a.slut or day, day)
        while month <= last and _month_end(month) <= day:
            end = _month_end(month)
            running = (min(end, last) - max(month, a.start)).days + 1
            share = running / end.day
            if rng.random() >= 0.04:
                hours = max(a.timer_pr_uge * WEEKS_PER_MONTH * share * rng.gauss(1, 0.12), 0)
                new.add(Timer(aftale_id=a.pk, maaned=month, timer=Decimal(round(hours * 4) / 4)))
            month = _days(end, 1)
