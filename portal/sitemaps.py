"""The sitemap: every live public page (Wagtail's), plus the public innovation needs."""

from django.contrib.sitemaps import Sitemap

from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from .selectors import public_demands


class DemandSitemap(Sitemap):
    """Published needs open to everyone; an authorities-only need is never listed."""

    def items(self):
        return public_demands()

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"wagtail": PageSitemap, "needs": DemandSitemap()}
