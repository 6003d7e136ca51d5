"""Public site pages: home, guidance, case stories, lessons and visits."""

from .guidance import GuidanceIndexPage, GuidancePage
from .home import HomePage
from .lessons import LessonIndexPage, LessonPage
from .stories import CaseStoryIndexPage, CaseStoryPage
from .visits import VisitPage, VisitRegistration

__all__ = [
    "CaseStoryIndexPage",
    "CaseStoryPage",
    "GuidanceIndexPage",
    "GuidancePage",
    "HomePage",
    "LessonIndexPage",
    "LessonPage",
    "VisitPage",
    "VisitRegistration",
]
