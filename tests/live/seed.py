"""Build live-test data in the database the servers use; print it as one JSON line.

Run with the servers' environment (see servers.seed):

    python -m tests.live.seed [--members N] [--sessions]

It builds `tests.factories.build_workspace()` and one shared thread started by
the client lead. `--members N` adds N members to the client party (one
password hash for all, so it is fast); `--sessions` signs each of them in by
writing a session row, as the login view would.
"""

import argparse
import json
import os
import sys


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=0)
    parser.add_argument("--sessions", action="store_true")
    parser.add_argument("--slug", default="sterke-lekdijk")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()

    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from projects.models import Membership, Party
    from projects.signals import party_access_changed
    from sharing import services
    from sharing.models import Scope
    from tests.factories import PASSWORD, build_workspace

    user_model = get_user_model()
    with transaction.atomic():
        ws = build_workspace(slug=args.slug)
        lead = ws.users["client_lead"]
        thread = services.thread_create(
            partnership=ws.partnership,
            actor=lead,
            owner_party=ws.parties["client"],
            title="Gedeelde draad",
            scope=Scope.SHARED,
            body="Welkom in de gedeelde draad.",
        )
        hashed = make_password(PASSWORD)
        members = user_model.objects.bulk_create(
            [
                user_model(
                    username=f"lid-{i:04d}", email=f"lid-{i:04d}@example.org", password=hashed
                )
                for i in range(args.members)
            ]
        )
        members = list(user_model.objects.filter(username__startswith="lid-").order_by("username"))
        party = ws.parties["client"]
        Membership.objects.bulk_create(
            [
                Membership(
                    party=party,
                    user=u,
                    partnership=ws.partnership,
                    role=Membership.Role.MEMBER,
                )
                for u in members
            ]
        )
        # Bulk-created memberships, announced the way the services do: the
        # access package then puts the members in the party group (writing the
        # group directly would be reverted) and re-derives the permissions.
        party_access_changed.send(sender=Party, partnership=ws.partnership, users=members)

    sessions = {}
    if args.sessions:
        backend = "django.contrib.auth.backends.ModelBackend"
        for user in members:
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = backend
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            sessions[user.username] = store.session_key

    thread.refresh_from_db()
    sys.stdout.write(
        json.dumps(
            {
                "slug": ws.partnership.slug,
                "partnership": ws.partnership.pk,
                "thread": thread.pk,
                "last_seq": thread.last_sequence,
                "password": PASSWORD,
                "users": {key: user.username for key, user in ws.users.items()},
                "members": [u.username for u in members],
                "sessions": sessions,
            }
        )
        + "\n"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
