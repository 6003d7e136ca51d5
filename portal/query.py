"""Search input, cleaned before any search backend sees it."""

import re


def clean_query(raw: str) -> str:
    """Words only, at most 200 characters.

    SQLite's FTS5 rejects stray quotes with an error; punctuation adds nothing
    to a search of prose, so it is dropped before the backend sees it.
    """
    return " ".join(re.findall(r"\w+", raw or ""))[:200]
