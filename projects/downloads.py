"""Answering with a private file, after the caller has checked access.

A download never holds the whole file in memory:

- behind nginx (`PRIVATE_FILES_ACCEL_REDIRECT`, e.g. "/_private/") the answer is
  empty with `X-Accel-Redirect`: nginx serves the bytes from its internal
  location, the worker is free at once;
- from a bucket, a redirect to a signed URL that lives a minute;
- otherwise the file streams in blocks. Under ASGI that needs an asynchronous
  iterator: Django consumes a synchronous one into memory first ("StreamingHttpResponse
  must consume synchronous iterators in order to serve them asynchronously"),
  so 20 readers of a 25 MB drawing held 500 MB.
"""

from urllib.parse import quote

from asgiref.sync import sync_to_async

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

from .storage import private_storage

BLOCK_SIZE = 64 * 1024


async def _blocks(handle):
    read = sync_to_async(handle.read, thread_sensitive=False)
    try:
        while chunk := await read(BLOCK_SIZE):
            yield chunk
    finally:
        await sync_to_async(handle.close, thread_sensitive=False)()


def _private_headers(response, *, filename, as_attachment):
    disposition = content_disposition_header(as_attachment, filename) if filename else None
    if disposition:
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def private_file_response(
    request, fieldfile, *, filename: str = "", content_type: str = "", as_attachment: bool = True
):
    """The response that delivers `fieldfile` (on private storage); raises FileNotFoundError."""
    storage = private_storage
    name = fieldfile.name
    if not storage.is_local:
        parameters = {}
        if filename:
            parameters["ResponseContentDisposition"] = content_disposition_header(
                as_attachment, filename
            )
        if content_type:
            parameters["ResponseContentType"] = content_type
        url = storage.backend.url(name, parameters=parameters)
        return _private_headers(HttpResponseRedirect(url), filename="", as_attachment=False)
    accel = settings.PRIVATE_FILES_ACCEL_REDIRECT
    if accel:
        if not storage.exists(name):
            raise FileNotFoundError(name)
        response = HttpResponse(content_type=content_type or "application/octet-stream")
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
        return _private_headers(response, filename=filename, as_attachment=as_attachment)
    handle = storage.open(name, "rb")
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type or None
    )
    if isinstance(request, ASGIRequest):
        # Headers (length, type) are already taken from the file; now the body.
        response.streaming_content = _blocks(handle)
    return _private_headers(response, filename="", as_attachment=as_attachment)
