"""Wagtail's database search backend, with Dutch stemming on SQLite too.

On PostgreSQL the backend is modelsearch's own, with `SEARCH_CONFIG =
"dutch"`: the database stems. On SQLite, modelsearch's FTS5 backend does no
stemming; this subclass stores the Dutch stems of title and body in the
index and stems the words of every query, so both databases find "dijk"
when asked for "dijken". Autocomplete text stays as written (it matches
prefixes).
"""

import functools

from modelsearch.backends.database import SearchBackend as _database_backend
from modelsearch.query import Phrase, PlainText

from django.db import connection

from .stemming import stem_text


def SearchBackend(params):  # noqa: N802 (Wagtail loads backends by this name)
    backend = _database_backend(params)
    if connection.vendor != "sqlite":
        return backend
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    if not isinstance(backend, SQLiteSearchBackend):  # SQLite without FTS5
        return backend
    return _stemming_sqlite_backend()(params)


@functools.cache
def _stemming_sqlite_backend():
    # Imported lazily: the SQLite modules load models, so need ready apps.
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteIndex,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class StemmingSQLiteIndex(SQLiteIndex):
        def add_items(self, model, objs):
            objs = list(objs)
            super().add_items(model, objs)
            if not objs:
                return
            from modelsearch.utils import get_content_type_pk

            # The base class wrote the words as written; replace them by their
            # stems (triggers keep the FTS5 table in step).
            ids = [str(obj.pk) for obj in objs]
            entries = self.entries.filter(
                content_type_id=get_content_type_pk(model), object_id__in=ids
            )
            for entry_id, title, body in entries.values_list("id", "title", "body"):
                self.entries.filter(id=entry_id).update(
                    title=stem_text(title), body=stem_text(body)
                )

    class StemmingSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText):
                query = PlainText(stem_text(query.query_string), operator=query.operator)
            elif isinstance(query, Phrase):
                query = Phrase(stem_text(query.query_string))
            return super().build_search_query_content(query, config=config)

    class StemmingSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = StemmingSQLiteQueryCompiler
        index_class = StemmingSQLiteIndex

    return StemmingSQLiteSearchBackend
