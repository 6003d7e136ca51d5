"""Workspace search time at 1,000 and at 100,000 messages; prints one JSON line.

    .venv/bin/python tests/bench/workspace_search.py                 # 1,000 then 100,000
    .venv/bin/python tests/bench/workspace_search.py --large 20000   # a shorter run
    DATABASE_URL=postgres://… .venv/bin/python tests/bench/workspace_search.py

It makes its own test database (SQLite file `.bench-search.sqlite3`, or
`test_<name>` on PostgreSQL; removed at the end), builds the test workspace
of `tests.factories` with 20 threads in every scope, fills them with
messages of random Dutch words, and times GET /werkruimte/<slug>/zoeken/ as a
contractor member (median of `--repeat` runs, full page rendered) for:

* `rare`: a word that occurs in a fixed number of messages (50), however
  many there are: what a reader searching for a specific thing does. The
  goal is a ratio 100k/1k of at most 3.
* `common`: a word in about one message of twenty; its result count grows
  with the data, so it is reported, not judged.

Messages and their search rows are bulk-inserted (the same rows the
indexer writes), so filling 100,000 takes a minute, not an hour.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ.setdefault("TEST_SQLITE_NAME", ".bench-search.sqlite3")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

WORDS = [
    "dijk",
    "kade",
    "damwand",
    "kwelscherm",
    "berm",
    "zetting",
    "grond",
    "klei",
    "zand",
    "veen",
    "meting",
    "peilbuis",
    "graafmachine",
    "kraan",
    "accu",
    "waterstof",
    "planning",
    "overleg",
    "ontwerp",
    "uitvoering",
    "oplevering",
    "vergunning",
    "bewoners",
    "fietspad",
    "boom",
    "natuur",
    "rivier",
    "uiterwaard",
    "sluis",
    "gemaal",
    "beton",
    "staal",
    "geotextiel",
    "stabiliteit",
    "piping",
    "macrostabiliteit",
    "hoogte",
    "breedte",
    "traject",
    "kilometer",
    "veiligheid",
    "toets",
    "rapport",
    "tekening",
    "verslag",
    "besluit",
    "fase",
    "doel",
    "beoordeling",
    "risico",
]
RARE = "zettingsvloeiing"
COMMON = "waterstof"


def fill(ws, threads, start, count, rng):
    """Bulk-insert `count` messages round-robin over `threads`, with their search rows."""
    from portal.stemming import stem_text
    from sharing.models import Message, SearchEntry

    sequence = {t.pk: t.last_sequence for t in threads}
    author = ws.users["a_lead"]
    now = timezone.now()
    sqlite = connection.vendor == "sqlite"
    batch = []
    for i in range(start, start + count):
        thread = threads[i % len(threads)]
        sequence[thread.pk] += 1
        words = rng.choices(WORDS, k=14)
        if i % 2000 < 1:  # 50 in every 100,000; at least one in each 2,000
            words.append(RARE)
        body = " ".join(words)
        batch.append(
            Message(
                thread=thread,
                sequence=sequence[thread.pk],
                author=author,
                body=body,
                body_html=body,
            )
        )
        if len(batch) == 2000 or i == start + count - 1:
            Message.objects.bulk_create(batch)
            SearchEntry.objects.bulk_create(
                [
                    SearchEntry(
                        partnership_id=m.thread.partnership_id,
                        kind=SearchEntry.Kind.MESSAGE,
                        thread_id=m.thread_id,
                        message_id=m.pk,
                        party_id=m.thread.owner_party_id,
                        scope=m.thread.scope,
                        title="",
                        body=m.body,
                        body_stems=stem_text(m.body) if sqlite else "",
                        date=now,
                    )
                    for m in batch
                ]
            )
            batch = []
    for thread in threads:
        thread.last_sequence = sequence[thread.pk]
    type(threads[0]).objects.bulk_update(threads, ["last_sequence"])


def time_search(client, url, word, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, {"q": word})
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"q": word})
    count = response.context["page"].paginator.count
    return statistics.median(times) * 1000, count, len(ctx.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, and response.context
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from sharing import services
        from sharing.models import Scope
        from tests.factories import build_workspace

        rng = random.Random(13)
        ws = build_workspace(slug="bench-zoeken")
        threads = []
        for i in range(20):
            owner = ("a_lead", "b_lead", "client_lead")[i % 3]
            threads.append(
                services.thread_create(
                    partnership=ws.partnership,
                    actor=ws.users[owner],
                    owner_party=ws.users[owner].memberships.get().party,
                    title=f"Overleg {i}",
                    scope=list(Scope)[i % 3],
                    body="Start van het overleg.",
                )
            )
        for thread in threads:
            thread.refresh_from_db()
        client = Client()
        client.force_login(ws.users["b_member"])
        url = f"/werkruimte/{ws.partnership.slug}/zoeken/"
        line = {"database": connection.vendor, "small": args.small, "large": args.large}

        fill(ws, threads, 0, args.small, rng)
        time_search(client, url, RARE, 2)  # warm caches
        for name, word in (("rare", RARE), ("common", COMMON)):
            ms, count, queries = time_search(client, url, word, args.repeat)
            line[f"{name}_small_ms"] = round(ms, 1)
            line[f"{name}_small_results"] = count
            line[f"{name}_small_queries"] = queries

        started = time.perf_counter()
        fill(ws, threads, args.small, args.large - args.small, rng)
        line["fill_s"] = round(time.perf_counter() - started, 1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for name, word in (("rare", RARE), ("common", COMMON)):
            ms, count, queries = time_search(client, url, word, args.repeat)
            line[f"{name}_large_ms"] = round(ms, 1)
            line[f"{name}_large_results"] = count
            line[f"{name}_large_queries"] = queries
            line[f"{name}_ratio"] = round(ms / line[f"{name}_small_ms"], 2)
        line["goal_ratio_max"] = 3
        line["goal_met"] = line["rare_ratio"] <= 3
        print(json.dumps(line))  # noqa: T201
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
