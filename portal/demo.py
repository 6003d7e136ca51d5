"""Demo content of the public site: the home page, stories, guidance, lessons and a visit."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from wagtail.models import Page, Site

from projects.models import Organisation
from projects.services import organisation_get_or_create

from . import demo_content as texts
from .models import (
    CaseStoryIndexPage,
    CaseStoryPage,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    LessonIndexPage,
    LessonPage,
    VisitPage,
    VisitRegistration,
)
from .services import registration_create

HOME_INTRO = (
    "Overheden en bedrijven die samen iets nieuws ontwikkelen, delen hier wat ze leren. "
    "Zodat de volgende aanbestedende dienst slimmer kan starten."
)
HOME_BODY = (
    "<p>Een innovatiepartnerschap laat een overheid een oplossing die nog niet bestaat "
    "samen met bedrijven ontwikkelen én daarna inkopen, zonder nieuwe aanbesteding. "
    "Partnerwerk is de werkplaats van zulke partnerschappen: opdrachtgever en "
    "opdrachtnemers werken er samen, houden elkaars vertrouwelijke oplossingen "
    "gescheiden, en publiceren hun lessen.</p>"
)


def ensure_home() -> HomePage:
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        home = HomePage(title="Partnerwerk", slug="home", intro=HOME_INTRO, body=HOME_BODY)
        # Wagtail's initial "Welcome" page holds the slug "home" under the root.
        for page in root.get_children().filter(slug="home"):
            if page.specific_class is Page:
                page.delete()
        root.add_child(instance=home)
        home.save_revision().publish()
    # Wagtail's Site record names the public host and port, so the full URLs
    # Wagtail builds itself (admin previews, its mails) agree with ours.
    public = urlsplit(settings.PUBLIC_BASE_URL)
    hostname = public.hostname or "localhost"
    port = public.port or (443 if public.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Partnerwerk",
        )
    elif (site.root_page_id, site.hostname, site.port) != (home.pk, hostname, port):
        site.root_page = home
        site.site_name = "Partnerwerk"
        site.hostname = hostname
        site.port = port
        site.save()
    for page in root.get_children().exclude(pk=home.pk):
        if page.specific_class is Page and page.slug.startswith("home"):
            page.delete()
    return home


def _child(parent, model, slug, **fields):
    """The live child page with this slug, created and published when missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
        page.save_revision().publish()
    return page


def ensure_public_content(home: HomePage, partnerships: dict) -> None:
    """Stories, guidance, lessons and one upcoming visit; nothing is created twice."""
    stories_index = _child(
        home,
        CaseStoryIndexPage,
        "verhalen",
        title="Verhalen van pioniers",
        intro="Hoe overheden het innovatiepartnerschap gebruikten, en wat ze ervan leerden.",
    )
    stories = {}
    for slug, spec in texts.STORIES.items():
        spec = dict(spec)
        client = organisation_get_or_create(
            name=spec.pop("client"), kind=Organisation.Kind.AUTHORITY
        )
        partnership_slug = spec.pop("partnership")
        stories[slug] = _child(
            stories_index,
            CaseStoryPage,
            slug,
            client_organisation=client,
            partnership=partnerships.get(partnership_slug) if partnership_slug else None,
            **spec,
        )
    for slug, related in texts.RELATED.items():
        story = stories[slug]
        if not story.related_stories.exists():
            story.related_stories.set([stories[r] for r in related])
            story.save_revision().publish()

    guidance_index = _child(
        home,
        GuidanceIndexPage,
        "handreiking",
        title="Handreiking",
        intro="Voor overheden die overwegen een innovatiepartnerschap te starten.",
    )
    for slug, spec in texts.GUIDES.items():
        _child(guidance_index, GuidancePage, slug, **spec)

    lessons_index = _child(
        home,
        LessonIndexPage,
        "lessen",
        title="Lessen uit partnerschappen",
        intro="Wat partnerschappen leerden en openbaar wilden maken.",
    )
    for slug, spec in texts.LESSONS.items():
        spec = dict(spec)
        partnership = partnerships.get(spec.pop("partnership"))
        _child(lessons_index, LessonPage, slug, partnership=partnership, **spec)

    visit = dict(texts.VISIT)
    starts = (timezone.localtime() + datetime.timedelta(days=30)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    visit_page = _child(
        home,
        VisitPage,
        visit.pop("slug"),
        partnership=partnerships.get(visit.pop("partnership")),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        **visit,
    )
    ensure_visit_registrations(visit_page)

    # Children were added since `home` was loaded: publish from fresh tree fields.
    home = HomePage.objects.get(pk=home.pk)
    if not home.key_figures:
        home.key_figures = [("key_figures", {"figures": texts.KEY_FIGURES})]
        home.featured_stories.set(
            [stories[s] for s in ("hdsr-sterke-lekdijk", "rijkswaterstaat-kustlijnzorg")]
        )
        home.save_revision().publish()


def ensure_visit_registrations(visit: VisitPage) -> None:
    """A few people registered for the demo visit, leaving most places free; no e-mails."""
    if not visit.registration_open:
        return
    for spec in texts.VISIT_REGISTRATIONS:
        if not VisitRegistration.objects.filter(visit=visit, email__iexact=spec["email"]).exists():
            registration_create(visit=visit, notify=False, **spec)
