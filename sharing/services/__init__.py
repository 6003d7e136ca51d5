"""Every write in the sharing app. See the modules for documents and threads."""

from .documents import (
    document_add_version,
    document_log_download,
    document_upload,
    item_change_scope,
    release_request_create,
    release_request_grant,
    release_request_refuse,
    release_request_withdraw,
)
from .notifications import (
    lesson_published_notice,
    notice_send,
    notifications_mark_read,
    release_notice,
    unread_counts,
)
from .threads import (
    message_delete,
    message_edit,
    message_post,
    thread_create,
    thread_mark_read,
    thread_moderate,
    thread_set_following,
)

__all__ = [
    "thread_moderate",
    "document_add_version",
    "document_log_download",
    "document_upload",
    "item_change_scope",
    "message_delete",
    "message_edit",
    "message_post",
    "lesson_published_notice",
    "notice_send",
    "notifications_mark_read",
    "release_notice",
    "unread_counts",
    "release_request_create",
    "release_request_grant",
    "release_request_refuse",
    "release_request_withdraw",
    "thread_create",
    "thread_mark_read",
    "thread_set_following",
]
