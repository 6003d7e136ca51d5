"""The groups and the moderation workflow Wagtail creates, named in Dutch.

Wagtail's migrations create the groups "Editors" and "Moderators" and the
workflow and task "Moderators approval"; the admin shows these names as data,
untranslated. Renamed once here (only where the Dutch name is still free), and
back on reverse.
"""

from django.db import migrations

GROUPS = {"Editors": "Redacteuren", "Moderators": "Moderatoren"}
WORKFLOW = {"Moderators approval": "Goedkeuring door moderatoren"}


def _rename(model, names):
    for old, new in names.items():
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    _rename(apps.get_model("auth", "Group"), GROUPS)
    _rename(apps.get_model("wagtailcore", "Workflow"), WORKFLOW)
    _rename(apps.get_model("wagtailcore", "Task"), WORKFLOW)


def backwards(apps, schema_editor):
    def reverse(names):
        return {new: old for old, new in names.items()}

    _rename(apps.get_model("auth", "Group"), reverse(GROUPS))
    _rename(apps.get_model("wagtailcore", "Workflow"), reverse(WORKFLOW))
    _rename(apps.get_model("wagtailcore", "Task"), reverse(WORKFLOW))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_visitregistration"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0001_squashed_0021"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
