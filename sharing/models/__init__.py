from .documents import (
    Document,
    DocumentGroupObjectPermission,
    DocumentUserObjectPermission,
    DocumentVersion,
)
from .exports import DataExport
from .lessons import (
    Lesson,
    LessonGroupObjectPermission,
    LessonPublication,
    LessonUserObjectPermission,
)
from .releases import ReleaseRequest
from .scoped import Scope, ScopedItem
from .search import SearchEntry
from .threads import (
    Message,
    MessageRevision,
    Notification,
    Thread,
    ThreadGroupObjectPermission,
    ThreadReadState,
    ThreadTag,
    ThreadUserObjectPermission,
)

__all__ = [
    "DataExport",
    "Document",
    "DocumentGroupObjectPermission",
    "DocumentUserObjectPermission",
    "DocumentVersion",
    "Lesson",
    "LessonGroupObjectPermission",
    "LessonPublication",
    "LessonUserObjectPermission",
    "ReleaseRequest",
    "Scope",
    "SearchEntry",
    "ScopedItem",
    "Message",
    "MessageRevision",
    "Notification",
    "Thread",
    "ThreadGroupObjectPermission",
    "ThreadReadState",
    "ThreadTag",
    "ThreadUserObjectPermission",
]
