"""The audit log refuses UPDATE and DELETE in the database itself, on SQLite and PostgreSQL."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

_TABLE = "audit_auditevent"
_MESSAGE = "the audit log is append-only"

_SQLITE = [
    f"CREATE TRIGGER audit_no_{op.lower()} BEFORE {op} ON {_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END;"
    for op in ("UPDATE", "DELETE")
]
_POSTGRES = [
    f"""CREATE FUNCTION audit_refuse_change() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{_MESSAGE}'; END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON {_TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();""",
]


def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": _SQLITE, "postgresql": _POSTGRES}.get(vendor)
    if statements is None:
        raise RuntimeError(f"no append-only trigger for database {vendor!r}")
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
