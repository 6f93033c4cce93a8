"""The four grants of the seeds, as defaults STAR corrects when the grant letters say otherwise.

Amounts: the amounts applied for (seed 000 Viborg FSM2, seed 004 Frederiksberg FSM2, seed 001
Viborg ressourceforløb, seed 002 Hedensted ressourceforløb; DOMAIN.md "Money").
Periods:
- FSM2, both: 2020-01 to 2021-12. Frederiksberg's plan runs "januar 2020 – 2021" (seed 004);
  Viborg's steering group meets every 2nd month in the first half year and quarterly in "the
  last 1,5 years" (seed 000), two years, from the same start of the pool.
- ressourceforløb, both: 2020-01 to 2022-12. Hedensted hires "over en tre årig periode" (seed
  002); Viborg's application names no period, so it gets the same three years (our choice).
"""

from __future__ import annotations

from decimal import Decimal

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

GRANTS = [
    ("791", "fsm2", Decimal("3709200"), "2020-01", "2021-12"),
    ("147", "fsm2", Decimal("3695000"), "2020-01", "2021-12"),
    ("791", "ressourceforloeb", Decimal("4000000"), "2020-01", "2022-12"),
    ("766", "ressourceforloeb", Decimal("2300000"), "2020-01", "2022-12"),
]


def add_grants(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    grant = apps.get_model("monitoring", "Grant")
    for kommune, initiative, amount, period_from, period_to in GRANTS:
        grant.objects.get_or_create(
            kommune_id=kommune,
            initiative=initiative,
            defaults={"amount": amount, "period_from": period_from, "period_to": period_to},
        )


def remove_grants(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    grant = apps.get_model("monitoring", "Grant")
    for kommune, initiative, *_rest in GRANTS:
        grant.objects.filter(kommune_id=kommune, initiative=initiative).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("organisation", "0002_kommuner"),
    ]

    operations = [migrations.RunPython(add_grants, remove_grants)]
