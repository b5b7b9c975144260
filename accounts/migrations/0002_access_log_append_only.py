"""On PostgreSQL, refuse UPDATE and DELETE of access-log rows in the database.

The ORM already refuses them; the trigger also stops raw SQL and other
programs sharing the database.  SQLite (the one-machine demo) relies on the
ORM alone.  Retention-based removal of old rows (issue "Security and
privacy") must go through a dedicated, audited database role.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION accounts_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    -- No percent signs here: the SQL runs through a DB-API cursor.
    RAISE EXCEPTION USING
        MESSAGE = 'the access log is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER accounts_accesslogentry_append_only
    BEFORE UPDATE OR DELETE ON accounts_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION accounts_accesslog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS accounts_accesslogentry_append_only ON accounts_accesslogentry;
DROP FUNCTION IF EXISTS accounts_accesslog_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
