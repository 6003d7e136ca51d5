"""Builders for the public site's pages (stories, lessons, guidance, visits)."""

import datetime

from django.utils import timezone

from portal.models import (
    CaseStoryIndexPage,
    CaseStoryPage,
    GuidanceIndexPage,
    GuidancePage,
    LessonIndexPage,
    LessonPage,
    VisitPage,
)
from projects import services as project_services
from tests.factories import site_tree


def _index(model, slug, title):
    home = site_tree()
    index = model.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=model(title=title, slug=slug))
        index.save_revision().publish()
    return index


def story_index():
    return _index(CaseStoryIndexPage, "verhalen", "Verhalen")


def lesson_index():
    return _index(LessonIndexPage, "lessen", "Lessen")


def guidance_index():
    return _index(GuidanceIndexPage, "handreiking", "Handreiking")


def story(title, *, client="Waterschap Rivierenland", live=True, **fields):
    fields.setdefault("year", 2021)
    fields.setdefault("summary", f"Samenvatting van {title}.")
    organisation = project_services.organisation_get_or_create(name=client, kind="authority")
    page = story_index().add_child(
        instance=CaseStoryPage(title=title, client_organisation=organisation, live=live, **fields)
    )
    if live:
        page.save_revision().publish()
    return page


def lesson(title, *, live=True, **fields):
    fields.setdefault("context", "<p>De situatie.</p>")
    fields.setdefault("advice", "<p>Het advies.</p>")
    page = lesson_index().add_child(instance=LessonPage(title=title, live=live, **fields))
    if live:
        page.save_revision().publish()
    return page


def guide(title="Wanneer past het?"):
    return guidance_index().add_child(
        instance=GuidancePage(
            title=title,
            summary="Als de oplossing nog niet bestaat.",
            body=[
                ("heading", {"text": "Kop", "level": "h2"}),
                ("callout", {"title": "Let op", "text": "<p>Kader</p>"}),
                ("steps", {"steps": [{"title": "Stap een", "text": "Uitleg"}]}),
                ("questions", {"items": [{"question": "Vraag?", "answer": "<p>Antwoord</p>"}]}),
                ("key_figures", {"figures": [{"value": "55 km", "label": "dijk"}]}),
                ("documents", {"title": "Downloads", "documents": []}),
            ],
        )
    )


def visit(title="Kijkje bij de dijk", days=10):
    starts = timezone.now() + datetime.timedelta(days=days)
    return site_tree().add_child(
        instance=VisitPage(
            title=title,
            starts_at=starts,
            place="Fort Honswijk",
            summary="Kom kijken.",
            programme="<p>10.00 ontvangst</p>",
            capacity=20,
        )
    )
