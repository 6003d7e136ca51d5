"""Build the search indexes again: the workspace search and Wagtail's public search.

Needed once on a database made before search existed (or restored from a
dump without the index); saving an item keeps its row up to date after
that. `--extract` also reads the text inside document versions that have
none yet.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from sharing.models import DocumentVersion
from sharing.search.extract import extract_text
from sharing.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the workspace search index (and Wagtail's public index)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--extract", action="store_true", help="Read the text of versions without any."
        )
        parser.add_argument(
            "--no-public", action="store_true", help="Leave Wagtail's public index alone."
        )

    def handle(self, *args, extract=False, no_public=False, **options):
        if extract:
            for version in DocumentVersion.objects.filter(text="").iterator():
                with version.file.open("rb") as handle:
                    text = extract_text(version.original_name, handle.read())
                DocumentVersion.objects.filter(pk=version.pk).update(text=text)
        count = rebuild()
        self.stdout.write(self.style.SUCCESS(f"Workspace search: {count} items indexed."))
        if not no_public:
            call_command("update_index", verbosity=0)
            self.stdout.write(self.style.SUCCESS("Public search: index rebuilt."))
