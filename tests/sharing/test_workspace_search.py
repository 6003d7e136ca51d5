"""Workspace search: found exactly when visible, Dutch stems, words inside files."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sharing import services
from sharing.models import Scope, SearchEntry
from sharing.search.extract import extract_text
from sharing.search.highlight import highlight
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


def url(ws):
    return f"/werkruimte/{ws.partnership.slug}/zoeken/"


def found(client, ws, **params):
    response = client.get(url(ws), params)
    assert response.status_code == 200
    return response


def result_titles(response):
    return [
        r["row"].title or r["row"].thread.title
        for g in response.context["groups"]
        for r in g["results"]
    ]


def test_contractor_cannot_find_other_contractors_confidential_document(ws, client):
    ws.upload("a_lead", Scope.CONFIDENTIAL, title="Damwand proef geheim")
    ws.upload("b_lead", Scope.SHARED, title="Damwand planning gedeeld")
    client.force_login(ws.users["b_member"])
    response = found(client, ws, q="damwand")
    assert result_titles(response) == ["Damwand planning gedeeld"]
    assert response.context["page"].paginator.count == 1
    assert "geheim" not in response.content.decode()
    client.force_login(ws.users["client_member"])
    response = found(client, ws, q="damwand")
    assert sorted(result_titles(response)) == ["Damwand planning gedeeld", "Damwand proef geheim"]


def test_searching_dijken_finds_a_document_that_says_only_dijk(ws, client):
    ws.upload("a_lead", Scope.SHARED, title="Versterking van de dijk")
    ws.upload("a_lead", Scope.SHARED, title="Kantoorruimte")
    client.force_login(ws.users["b_member"])
    assert result_titles(found(client, ws, q="dijken")) == ["Versterking van de dijk"]
    assert result_titles(found(client, ws, q="versterkingen")) == ["Versterking van de dijk"]


def test_pdf_is_found_by_a_word_only_inside_the_file(
    ws, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.document_upload(
            partnership=ws.partnership,
            actor=ws.users["a_lead"],
            owner_party=ws.parties["a"],
            title="Meetrapport",
            scope=Scope.SHARED,
            upload=pdf_upload("meet.pdf", text="Zettingsmeting bij kilometerpaal 12"),
        )
    client.force_login(ws.users["b_member"])
    response = found(client, ws, q="zettingsmeting")
    assert result_titles(response) == ["Meetrapport"]
    assert "<mark>Zettingsmeting</mark>" in response.content.decode()


def test_docx_odt_and_text_files_give_their_words():
    import io
    import zipfile

    def zipped(member, xml):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(member, xml)
        return buffer.getvalue()

    docx = zipped(
        "word/document.xml",
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Kwelscherm</w:t></w:r></w:p></w:body></w:document>",
    )
    odt = zipped(
        "content.xml",
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        "<text:p>Pipingberm</text:p></office:body></office:document-content>",
    )
    assert "Kwelscherm" in extract_text("a.docx", docx)
    assert "Pipingberm" in extract_text("a.odt", odt)
    assert extract_text("a.txt", b"Grondverbetering") == "Grondverbetering"
    assert extract_text("kapot.pdf", b"%PDF-garbage") == ""


def test_messages_are_found_only_in_threads_the_reader_may_see(ws, client):
    for owner, scope, word in (
        ("a_lead", Scope.CONFIDENTIAL, "geheim"),
        ("b_lead", "shared", "open"),
    ):
        thread = services.thread_create(
            partnership=ws.partnership,
            actor=ws.users[owner],
            owner_party=ws.users[owner].memberships.get().party,
            title=f"Draad {word}",
            scope=scope,
            body=f"Het kwelscherm {word}",
        )
        assert thread.pk
    client.force_login(ws.users["b_member"])
    response = found(client, ws, q="kwelscherm")
    kinds = {r["row"].kind for g in response.context["groups"] for r in g["results"]}
    assert kinds == {SearchEntry.Kind.MESSAGE}
    assert result_titles(response) == ["Draad open"]
    assert "geheim" not in response.content.decode()


def test_kind_filter_narrows_to_documents(ws, client):
    ws.upload("a_lead", Scope.SHARED, title="Kwelscherm ontwerp")
    services.thread_create(
        partnership=ws.partnership,
        actor=ws.users["a_lead"],
        owner_party=ws.parties["a"],
        title="Kwelscherm overleg",
        scope=Scope.SHARED,
        body="Wie komt er?",
    )
    client.force_login(ws.users["b_member"])
    assert len(result_titles(found(client, ws, q="kwelscherm"))) == 2
    response = found(client, ws, q="kwelscherm", kind="document")
    assert result_titles(response) == ["Kwelscherm ontwerp"]
    counts = {k["key"]: k["count"] for k in response.context["kind_counts"]}
    assert counts["document"] == 1 and counts["thread"] == 1


def test_highlight_escapes_before_marking():
    html = highlight("<script>dijken</script> & dijk", ["dijk"])
    assert html == "&lt;script&gt;<mark>dijken</mark>&lt;/script&gt; &amp; <mark>dijk</mark>"


def test_search_box_is_on_every_workspace_page(ws, client):
    client.force_login(ws.users["a_member"])
    for path in ("", "documenten/", "draden/", "lessen/"):
        html = client.get(f"/werkruimte/{ws.partnership.slug}/{path}").content.decode()
        assert f'action="{url(ws)}"' in html


def _grow(ws, n):
    """n searchable items: documents in two scopes, then messages in two threads."""
    from sharing.models import Message
    from sharing.search.index import index_message

    docs = min(n, 10)
    for i in range(docs):
        ws.upload("a_lead", Scope.SHARED if i % 2 else Scope.CONFIDENTIAL, title=f"Damwand {i}")
    threads = [
        services.thread_create(
            partnership=ws.partnership,
            actor=ws.users["a_lead"],
            owner_party=ws.parties["a"],
            title=f"Damwand draad {scope}",
            scope=scope,
            body="Start",
        )
        for scope in (Scope.SHARED, Scope.CONFIDENTIAL)
    ]
    rows = [
        Message(
            thread=threads[i % 2],
            sequence=2 + i // 2,
            author=ws.users["a_lead"],
            body=f"Damwand meting {i}",
            body_html="",
        )
        for i in range(n - docs)
    ]
    for message in Message.objects.bulk_create(rows):
        index_message(message)


@pytest.mark.parametrize("user_key", ["b_member", "client_lead"])
def test_search_page_runs_the_same_number_of_queries_with_10_and_1000_items(ws, client, user_key):
    client.force_login(ws.users[user_key])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = found(client, ws, q="damwand")
        return len(ctx.captured_queries), response.context["page"].paginator.count

    _grow(ws, 10)
    small, small_count = queries()
    _grow(ws, 1000)
    large, large_count = queries()
    assert large_count > small_count
    assert large == small
