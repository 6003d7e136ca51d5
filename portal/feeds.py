"""Atom feed of case stories, published lessons and public innovation needs."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from projects.models import InnovationDemand

from .selectors import feed_date, feed_items


class StoriesAndLessonsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Partnerwerk: verhalen en lessen")
    subtitle = _("Nieuwe verhalen van pioniers en lessen uit innovatiepartnerschappen.")
    link = "/"

    def items(self):
        return feed_items()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        if isinstance(item, InnovationDemand):
            return item.question
        return getattr(item, "summary", "") or item.search_description

    def item_link(self, item):
        # Relative when there is one site: the feed adds the requested host.
        if isinstance(item, InnovationDemand):
            return item.get_absolute_url()
        return item.get_url()

    def item_pubdate(self, item):
        return feed_date(item)

    def item_updateddate(self, item):
        if isinstance(item, InnovationDemand):
            return item.updated_at
        return item.last_published_at
