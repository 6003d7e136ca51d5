"""Matching and ranking workspace search rows, in the database.

`match()` takes a queryset of `SearchEntry` rows that the access package has
already narrowed (see `selectors.search_entries`) and keeps the rows that
contain every word of the query, annotated with a `score` (higher is
better). Matching and ranking run in SQL on the narrowed rows, so counts and
pages only ever see what the reader may see.

PostgreSQL: the generated `vector` column ('dutch' configuration, title
weighted above body) with `plainto_tsquery` and `ts_rank`. SQLite: the FTS5
table of Dutch stems with `bm25` (title weighted four times the body).
"""

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from portal.query import clean_query
from portal.stemming import stems

FTS = "sharing_searchentry_fts"


def query_stems(text: str) -> list[str]:
    """The distinct stems of a query, in order (also used for highlighting)."""
    seen = []
    for stem in stems(clean_query(text)):
        if stem and stem not in seen:
            seen.append(stem)
    return seen[:12]


def match(queryset: QuerySet, text: str) -> QuerySet:
    text = clean_query(text)
    words = query_stems(text)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        hit = RawSQL(  # noqa: S611 (fixed SQL, the words are a parameter)
            "sharing_searchentry.vector @@ plainto_tsquery('dutch', %s)",
            [text],
            output_field=BooleanField(),
        )
        score = RawSQL(  # noqa: S611
            "ts_rank(sharing_searchentry.vector, plainto_tsquery('dutch', %s))",
            [text],
            output_field=FloatField(),
        )
        return queryset.annotate(search_hit=hit).filter(search_hit=True).annotate(score=score)
    # Stems are word characters only (clean_query), so quoting them is safe.
    expression = " AND ".join(f'"{word}"' for word in words)
    # A join with the FTS5 table, written so that SQLite must start from the
    # text match: `rowid + 0` gives the FTS5 table no rowid constraint to
    # look rows up by, so it is read once (MATCH) and each hit reaches its
    # row by primary key. (A correlated subquery for the score would run the
    # MATCH again for every hit: quadratic in the number of hits.)
    return queryset.extra(  # noqa: S610 (fixed SQL; the words are a parameter)
        tables=[FTS],
        where=[f"sharing_searchentry.id = {FTS}.rowid + 0", f"{FTS} MATCH %s"],
        params=[expression],
        select={"score": f"-bm25({FTS}, 4.0, 1.0)"},
    )
