"""Load the 98 municipalities from the reference list shipped with the package."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from fremdrift.reference.kommuner import kommuner


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    kommune = apps.get_model("organisation", "Kommune")
    for k in kommuner().values():
        kommune.objects.update_or_create(kode=k.kode, defaults={"navn": k.navn, "region": k.region})


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
