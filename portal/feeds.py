"""Atom feed of case stories, published lessons and public innovation needs."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from projects.models import InnovationDemand

from .public_url import public_url
from .selectors import feed_date, feed_items


class StoriesAndLessonsFeed(Feed):
    """Every link is absolute on PUBLIC_BASE_URL, whatever host asked."""

    feed_type = Atom1Feed
    title = _("Partnerwerk: verhalen en lessen")
    subtitle = _("Nieuwe verhalen van pioniers en lessen uit innovatiepartnerschappen.")
    author_name = "Partnerwerk"

    def link(self):
        return public_url("/")

    def feed_url(self):
        return public_url("/feed/")

    def items(self):
        return feed_items()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        if isinstance(item, InnovationDemand):
            return item.question
        # Stories carry a summary; a lesson's summary is the start of its
        # context, so no entry is empty.
        text = getattr(item, "summary", "") or item.search_description
        if not text and getattr(item, "context", ""):
            text = Truncator(strip_tags(item.context)).words(60)
        return text or item.title

    def item_link(self, item):
        if isinstance(item, InnovationDemand):
            return public_url(item.get_absolute_url())
        return public_url(item.get_url())

    def item_author_name(self, item):
        if isinstance(item, InnovationDemand):
            return item.organisation.name
        partnership = getattr(item, "partnership", None)
        organisation = getattr(item, "client_organisation", None)
        if organisation is not None:
            return organisation.name
        if partnership is not None:
            return partnership.title
        return "Partnerwerk"

    def item_pubdate(self, item):
        return feed_date(item)

    def item_updateddate(self, item):
        if isinstance(item, InnovationDemand):
            return item.updated_at
        return item.last_published_at
