"""Trigram similarity for finding similar innovation needs (PostgreSQL only).

SQLite has no such extension; there `projects.similarity` ranks by Dutch
stems in Python instead.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_demand_and_consultation")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop, elidable=False)]
