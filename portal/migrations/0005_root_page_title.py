"""The page tree's root, titled in Dutch.

Wagtail's initial data names the root page "Root"; the admin shows that title
as data in the page explorer and the workflow's page chooser. Renamed once here
(only while it still has Wagtail's name), and back on reverse.
"""

from django.db import migrations

OLD, NEW = "Root", "Hoofdniveau"


def _rename(apps, old, new):
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=old).update(
        title=new, draft_title=new
    )


def forwards(apps, schema_editor):
    _rename(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_dutch_admin_names"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
