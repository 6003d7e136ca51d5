"""Matching words marked in titles and snippets: escape first, then mark."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.stemming import stem

_TOKEN = re.compile(r"(\w+)")


def highlight(text: str, wanted: list[str]) -> SafeString:
    """The text, HTML-escaped, with every word whose stem was searched in <mark>."""
    wanted = set(wanted)
    parts = []
    for i, piece in enumerate(_TOKEN.split(text or "")):
        # split() with a group alternates: non-word, word, non-word, …
        if i % 2 and stem(piece) in wanted:
            parts.append(f"<mark>{escape(piece)}</mark>")
        else:
            parts.append(escape(piece))
    return mark_safe("".join(parts))  # noqa: S308 (every piece was escaped above)


def snippet(text: str, wanted: list[str], width: int = 240) -> SafeString:
    """A window of the text around the first matching word, highlighted."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return mark_safe("")
    start = 0
    wanted_set = set(wanted)
    for found in _TOKEN.finditer(text):
        if stem(found.group(1)) in wanted_set:
            start = max(0, found.start() - width // 3)
            break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    window = text[start : start + width]
    if start + width < len(text):
        window = window.rsplit(" ", 1)[0]
    html = highlight(window, wanted)
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 (html is escaped)
