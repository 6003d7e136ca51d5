"""Permission-checked downloads never hold a whole file in memory.

Behind nginx the view answers X-Accel-Redirect with an empty body; without a
proxy, under ASGI, it streams through an asynchronous iterator (Django would
otherwise read a synchronous one into memory, with a warning); a forbidden
reader still gets a 404 and no redirect header.
"""

import json
import subprocess
import sys
import warnings

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from django.test import AsyncClient

from sharing.models import Document
from tests.factories import pdf_upload
from tests.live import servers

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(ws, client):
    client.force_login(ws.users["a_member"])
    response = client.post(
        f"/werkruimte/{ws.partnership.slug}/documenten/nieuw/",
        {
            "title": "Ontwerpnota",
            "kind": "report",
            "owner_party": ws.parties["a"].pk,
            "scope": "confidential",
            "file": pdf_upload(),
        },
    )
    assert response.status_code == 302
    client.logout()
    return Document.objects.get()


def download_url(document):
    return document.get_absolute_url() + "download/"


def test_download_behind_the_proxy_is_an_x_accel_redirect_without_the_bytes(
    ws, client, document, settings
):
    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/_private/"
    client.force_login(ws.users["a_member"])
    response = client.get(download_url(document))
    assert response.status_code == 200
    name = document.current_version.file.name
    assert response["X-Accel-Redirect"] == f"/_private/{name}"
    assert response.content == b""
    assert response["Content-Type"] == document.current_version.content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"


def test_forbidden_reader_gets_404_and_no_redirect_header_behind_the_proxy(
    ws, client, document, settings
):
    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/_private/"
    client.force_login(ws.users["b_member"])  # competing contractor: confidential is hidden
    response = client.get(download_url(document))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_download_under_asgi_streams_without_reading_the_file_into_memory(ws, document):
    expected = document.current_version.file.open("rb").read()
    document.current_version.file.close()
    user = ws.users["a_member"]
    url = download_url(document)

    async def fetch():
        client = AsyncClient()
        await sync_to_async(client.force_login)(user)
        response = await client.get(url)
        assert response.status_code == 200
        assert response.is_async, "a synchronous iterator would be read into memory"
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "must consume synchronous iterators"
            return b"".join([chunk async for chunk in response])

    assert async_to_sync(fetch)() == expected


def test_download_without_a_proxy_under_wsgi_streams_the_file(ws, client, document):
    client.force_login(ws.users["a_member"])
    response = client.get(download_url(document))
    assert response.status_code == 200
    assert response.streaming and not response.is_async
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def private_storage_settings(tmp_path, **env) -> dict:
    environ = servers.server_env(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path)
    environ.update(env)
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "from projects.storage import private_storage as p; "
        "print(json.dumps([settings.STORAGES['private'], p.is_local]))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=servers.REPO_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return out


def test_private_files_are_on_the_local_disk_by_default(tmp_path):
    out = private_storage_settings(tmp_path)
    assert out.returncode == 0, out.stderr
    storage, is_local = json.loads(out.stdout.splitlines()[-1])
    assert storage == {"BACKEND": "projects.storage.LocalPrivateStorage"}
    assert is_local is True


def test_private_files_go_to_a_bucket_when_one_is_configured(tmp_path):
    # Settings only: the S3 backend itself (django-storages) is not installed here.
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['private']))"
    )
    env = servers.server_env(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path)
    env.update(
        PRIVATE_STORAGE_BUCKET="partnerwerk-prive",
        PRIVATE_STORAGE_ENDPOINT_URL="https://s3.example.nl",
        PRIVATE_STORAGE_ACCESS_KEY_ID="AKIAEXAMPLE",
        PRIVATE_STORAGE_SECRET_ACCESS_KEY="geheim",
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=servers.REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    storage = json.loads(out.stdout.splitlines()[-1])
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "partnerwerk-prive"
    assert options["endpoint_url"] == "https://s3.example.nl"
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
