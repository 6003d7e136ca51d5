"""sitemap.xml: Wagtail's sitemap with every location on PUBLIC_BASE_URL.

Wagtail builds full URLs from its Site record (hostname and port), which
need not be the address readers use; the one public base URL decides.
"""

from wagtail.contrib.sitemaps import Sitemap

from .public_url import public_url


class PublicSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for info in urls:
            info["location"] = public_url(info["location"])
        return urls
