"""No two pending or approved bookings of one item overlap: on PostgreSQL, in the database.

An exclusion constraint over the half-open period [starts_at, ends_at) needs
btree_gist for the equality on item_id (a trusted extension: the database
owner may create it). SQLite has no such constraint; there the service checks
inside an IMMEDIATE (serialised) transaction.
"""

from django.db import migrations

CONSTRAINT = "booking_no_overlap"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE projects_booking ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(item_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
        "WHERE (status IN ('pending', 'approved'))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE projects_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_equipment_pool")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
