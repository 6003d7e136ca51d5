"""Dutch stemming for search on SQLite, the same Snowball algorithm PostgreSQL's 'dutch' uses.

PostgreSQL stems Dutch in its full-text search ('dutch' configuration);
SQLite's FTS5 does not stem at all. Where the database does not stem, text
is stemmed here before it is indexed and before it is searched, so "dijken"
finds "dijk" on `make run` as on production.
"""

import functools
import re
import unicodedata

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("dutch")


def fold(word: str) -> str:
    """Lower case without diacritics: 'Geïnstalleerd' and 'geinstalleerd' match."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(fold(word))


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def stems(text: str) -> list[str]:
    """The stems of every word in a text, in order."""
    return [stem(word) for word in words(text)]


def stem_text(text: str) -> str:
    """A text as the space-separated stems of its words (what SQLite indexes)."""
    return " ".join(stems(text))
