"""Viborg's steering group as its application describes it (seed 000): every 2nd month in the
project's first half year, quarterly in the last 1,5 years, from the start of the pool (2020-01,
the grant period monitoring's seed gives Viborg's FSM2 grant). Other municipalities get their
steering group with their first meeting (quarterly, the pool's minimum) and set the cadence on
the Styregruppe page."""

from __future__ import annotations

from datetime import date

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

NAME = "Styregruppe for Flere skal med 2"


def add_group(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    group = apps.get_model("styregruppe", "MeetingGroup")
    group.objects.get_or_create(
        kommune_id="791",
        name=NAME,
        defaults={
            "kind": "styregruppe",
            "start": date(2020, 1, 1),
            "every": 3,
            "unit": "maaned",
            "startup_every": 2,
            "startup_months": 6,
        },
    )


def remove_group(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("styregruppe", "MeetingGroup").objects.filter(
        kommune_id="791", name=NAME, meetings__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("styregruppe", "0001_initial"),
        ("organisation", "0002_kommuner"),
    ]

    operations = [migrations.RunPython(add_group, remove_group)]
