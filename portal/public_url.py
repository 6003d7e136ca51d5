"""The one public base URL: every link that leaves the request (e-mails,
sitemap, feed, iCalendar, Wagtail's own mails) is built from it, so it names
the host and port the portal really runs on, not `localhost`."""

from urllib.parse import urlsplit

from django.conf import settings


def public_base_url() -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/")


def public_url(path_or_url: str) -> str:
    """`path_or_url` made absolute on PUBLIC_BASE_URL.

    An absolute URL (say, one Wagtail built from its Site record) keeps its
    path, query and anchor but takes the public scheme and host.
    """
    parts = urlsplit(path_or_url)
    path = parts.path or "/"
    if not path.startswith("/"):
        path = "/" + path
    tail = path + (f"?{parts.query}" if parts.query else "")
    tail += f"#{parts.fragment}" if parts.fragment else ""
    return public_base_url() + tail
