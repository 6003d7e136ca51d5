"""References from one workspace item to another.

A thread can be "about" a document, a section or a lesson, and any text can
carry a pasted link to a workspace item (`/werkruimte/<slug>/documenten/7/`,
absolute or relative, with a query string or an anchor). This module finds
those references and rewrites text and HTML; whether a viewer may see a
referenced item is asked of the access package (`access.references`), never
decided here.

Rendering is per viewer: a message's stored HTML carries the author's words
only. A viewer who may see the target gets the link with the target's title;
anyone else gets the link's own text as plain text, with no address and no
title, so neither the title nor the fact that the item exists reaches them.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.urls import Resolver404, resolve
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext_lazy as _

from .models import Document, Lesson, Thread

# Which kind of item a workspace URL points at, by the URL name's first word.
_KINDS = {
    "document": Document,
    "thread": Thread,
    "message": Thread,
    "lesson": Lesson,
    "publication": Lesson,
}
KIND_LABELS = {
    Document: _("Document"),
    Thread: _("Draad"),
    Lesson: _("Les"),
}

# A workspace address in free text: absolute (any host) or relative.
_URL_IN_TEXT = re.compile(r"(?:https?:)?(?://[^\s/<>()\[\]\"']+)?/werkruimte/[^\s<>()\[\]\"']+")
# Markdown forms that carry such an address.
_MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_MD_AUTOLINK = re.compile(r"<((?:https?:)?//[^>\s]+|/werkruimte/[^>\s]+)>")
# Links in the sanitised HTML that markdown-it and nh3 produce.
_HTML_LINK = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)


@dataclass(frozen=True)
class Ref:
    """One referenced item: its model and primary key (and the workspace slug in the URL)."""

    model: type
    pk: int
    slug: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.model._meta.label_lower, self.pk)


def ref_for_url(url: str) -> Ref | None:
    """The workspace item a URL points at, or None for anything else."""
    try:
        path = unquote(urlsplit(html.unescape(url.strip())).path)
    except ValueError:
        return None
    if "/werkruimte/" not in path:
        return None
    try:
        match = resolve(path[path.index("/werkruimte/") :])
    except Resolver404:
        return None
    if match.namespace != "sharing" or "pk" not in match.kwargs:
        return None
    model = _KINDS.get((match.url_name or "").split("-", 1)[0])
    if model is None:
        return None
    return Ref(model=model, pk=int(match.kwargs["pk"]), slug=match.kwargs.get("slug", ""))


def refs_in_text(text: str) -> list[Ref]:
    """Every workspace item a text (Markdown or plain) links to, in order, once each."""
    found: dict[tuple[str, int], Ref] = {}
    for url in _URL_IN_TEXT.findall(text or ""):
        ref = ref_for_url(url)
        if ref is not None:
            found.setdefault(ref.key, ref)
    return list(found.values())


def refs_in_html(body_html: str) -> list[Ref]:
    found: dict[tuple[str, int], Ref] = {}
    for href, _attrs, _text in _HTML_LINK.findall(body_html or ""):
        ref = ref_for_url(href)
        if ref is not None:
            found.setdefault(ref.key, ref)
    return list(found.values())


def strip_refs_from_text(text: str, keys: set[tuple[str, int]]) -> str:
    """The text without links to the given items: a Markdown link keeps its words only."""

    def drop(ref_url: str) -> bool:
        ref = ref_for_url(ref_url)
        return ref is not None and ref.key in keys

    text = _MD_LINK.sub(lambda m: m.group(1) if drop(m.group(2)) else m.group(0), text)
    text = _MD_AUTOLINK.sub(lambda m: "" if drop(m.group(1)) else m.group(0), text)
    text = _URL_IN_TEXT.sub(lambda m: "" if drop(m.group(0)) else m.group(0), text)
    return text


def render_text_for(body_html: str, visible: dict[tuple[str, int], object]) -> str:
    """A message as plain text for one reader (e-mail): visible links name their item."""

    def rewrite(match: re.Match) -> str:
        href, _attrs, text = match.groups()
        ref = ref_for_url(href)
        item = visible.get(ref.key) if ref is not None else None
        if item is None:
            return text
        return f"{text} ({escape(KIND_LABELS[ref.model])}: {escape(str(item))})"

    return html.unescape(strip_tags(_HTML_LINK.sub(rewrite, body_html or ""))).strip()


def render_html_for(body_html: str, visible: dict[tuple[str, int], object]) -> str:
    """A message's HTML as one viewer may see it.

    `visible` maps the keys of the references this viewer may see to their
    items. Links to those get the item's own address and its title; links to
    any other workspace item become their plain text.
    """
    if "/werkruimte/" not in (body_html or ""):
        return body_html or ""

    def rewrite(match: re.Match) -> str:
        href, attrs, text = match.groups()
        ref = ref_for_url(href)
        if ref is None:
            return match.group(0)
        item = visible.get(ref.key)
        if item is None:
            return f'<span class="pw-ref pw-ref--hidden">{text}</span>'
        title = escape(f"{KIND_LABELS[ref.model]}: {item}")
        if html.unescape(text).strip() == html.unescape(href).strip():
            text = escape(str(item))
        return (
            f'<a href="{escape(item.get_absolute_url())}" class="pw-ref" title="{title}"'
            f' rel="noopener noreferrer nofollow">{text}</a>'
        )

    return _HTML_LINK.sub(rewrite, body_html)
