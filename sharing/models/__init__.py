from .documents import (
    Document,
    DocumentGroupObjectPermission,
    DocumentUserObjectPermission,
    DocumentVersion,
)
from .releases import ReleaseRequest
from .scoped import Scope, ScopedItem

__all__ = [
    "Document",
    "DocumentGroupObjectPermission",
    "DocumentUserObjectPermission",
    "DocumentVersion",
    "ReleaseRequest",
    "Scope",
    "ScopedItem",
]
