"""The sitemap: every live public page (Wagtail's), plus the public innovation needs."""

from django.contrib.sitemaps import Sitemap

from .public_url import public_url
from .selectors import public_demands
from .sitemap import PublicSitemap


class DemandSitemap(Sitemap):
    """Published needs open to everyone; an authorities-only need is never listed."""

    def items(self):
        return public_demands()

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated_at

    def _urls(self, page, protocol, domain):
        # Every location on PUBLIC_BASE_URL, like the pages' (portal.sitemap).
        urls = super()._urls(page, protocol, domain)
        for info in urls:
            info["location"] = public_url(info["location"])
        return urls


SITEMAPS = {"wagtail": PublicSitemap, "needs": DemandSitemap()}
