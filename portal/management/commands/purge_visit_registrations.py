"""Remove visitors' personal data some time after their visit (data minimisation)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from portal.models import VisitRegistration


class Command(BaseCommand):
    help = (
        "Delete registrations of visits that ended more than "
        "VISIT_REGISTRATION_RETENTION_DAYS days ago. Run daily (cron or a scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep registrations this many days after the visit (default: the setting).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.VISIT_REGISTRATION_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        # A visit is over at its end, or at its start when no end is known.
        old = VisitRegistration.objects.filter(
            Q(visit__ends_at__lt=cutoff)
            | Q(visit__ends_at__isnull=True, visit__starts_at__lt=cutoff)
        )
        count = old.count()
        if not dry_run:
            old.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {count} registration(s) of visits over before {cutoff:%Y-%m-%d}."
        )
