"""Load the demo: Sterke Lekdijk and more, users, documents. Safe to run twice."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.demo import ensure_home, ensure_public_content
from projects.demo import ensure_partnerships, ensure_people, ensure_pool
from projects.demo_phases import ensure_coast_phases, ensure_lekdijk_phases
from sharing.demo import ensure_documents, ensure_lessons, ensure_release_request, ensure_threads


class Command(BaseCommand):
    help = "Load the Partnerwerk demo data (idempotent). Refused outside DEBUG unless --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load demo users with a known password even when DEBUG is off.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo users have a known password; refused with DEBUG off. Use --force to insist."
            )
        password = os.environ.get("DEMO_PASSWORD", "partnerwerk-demo")
        with transaction.atomic():
            home = ensure_home()
            partnerships = ensure_partnerships(home)
            ensure_public_content(home, partnerships)
            people = ensure_people(partnerships, password)
            documents = ensure_documents(partnerships["sterke-lekdijk"], people)
            ensure_release_request(partnerships["sterke-lekdijk"], people)
            ensure_threads(partnerships["sterke-lekdijk"], people)
            ensure_lessons(partnerships["sterke-lekdijk"], people)
            ensure_pool(partnerships["sterke-lekdijk"], people)
            ensure_lekdijk_phases(partnerships["sterke-lekdijk"], people)
            ensure_coast_phases(partnerships["emissieloze-kustlijnzorg"], people)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {len(partnerships)} partnerships, {len(people.users)} users, "
                f"{documents} new documents. Password: DEMO_PASSWORD (default partnerwerk-demo)."
            )
        )
