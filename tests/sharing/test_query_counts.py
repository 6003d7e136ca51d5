"""The dashboard and the document list cost the same number of queries at any size."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sharing import access
from sharing.models import Document, DocumentVersion, Scope

pytestmark = pytest.mark.django_db


def _bulk_documents(ws, n):
    """Create n documents quickly (bulk), spread over owners and scopes, then derive access."""
    owners = [ws.parties[k] for k in ("client", "a", "b")]
    creator = ws.users["a_lead"]
    scopes = list(Scope)
    docs = Document.objects.bulk_create(
        [
            Document(
                partnership=ws.partnership,
                owner_party=owners[i % 3],
                scope=scopes[i % 3],
                title=f"Document {i}",
                created_by=creator,
            )
            for i in range(n)
        ]
    )
    versions = DocumentVersion.objects.bulk_create(
        [
            DocumentVersion(
                document=d,
                number=1,
                file="x.pdf",
                original_name="x.pdf",
                size=10,
                content_type="application/pdf",
                uploaded_by=creator,
            )
            for d in docs
        ]
    )
    for d, v in zip(docs, versions, strict=True):
        d.current_version = v
    Document.objects.bulk_update(docs, ["current_version"])
    access.sync_partnership(ws.partnership)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("path", ["", "documenten/", "documenten/?scope=shared&q=Document"])
def test_workspace_pages_run_constant_queries(ws, client, path):
    url = f"/werkruimte/{ws.partnership.slug}/{path}"
    client.force_login(ws.users["client_lead"])
    _bulk_documents(ws, 10)
    client.get(url)  # warm caches (content types, site root)
    small, _ = _count(client, url)
    _bulk_documents(ws, 290)
    large, response = _count(client, url)
    assert Document.objects.count() == 300
    assert large == small, f"{small} queries with 10 documents, {large} with 300"
    if path == "documenten/":
        # Newest first; the second batch's 290th (index 289) is A's confidential
        # document, and 287 is B's internal one, hidden from the client.
        titles = [d.title for d in response.context["page"].object_list]
        assert titles[:3] == ["Document 289", "Document 288", "Document 286"], titles[:5]
        assert response.context["page"].paginator.count == 7 + 194  # not internal
