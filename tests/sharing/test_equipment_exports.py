"""CSV exports of the (filtered) register and of the bookings; the photo behind a checking view."""

import csv
import io

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from projects import services
from tests.factories import at, build_pool

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(ws):
    return build_pool(ws)


def rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_register_csv_follows_the_filters(ws, client, pool):
    services.booking_create(
        item=pool.items["excavator"],
        party=ws.parties["a"],
        section=pool.sections[0],
        starts_at=at("2026-03-03", 7),
        ends_at=at("2026-03-03", 17),
        purpose="x",
    )
    client.force_login(ws.users["b_member"])
    base = f"/werkruimte/{ws.partnership.slug}/materieel/"
    everything = rows(client.get(base + "?export=csv"))
    assert [r[0] for r in everything[1:]] == ["E-graver 1", "H2-kraan", "HVO-dumper"]
    free = rows(
        client.get(
            base + "?export=csv&emission_class=zero_emission"
            "&free_from=2026-03-02&free_to=2026-03-06"
        )
    )
    assert [r[0] for r in free[1:]] == ["H2-kraan"]


def test_bookings_csv_lists_every_booking(ws, client, pool):
    services.booking_create(
        item=pool.items["dumper"],
        party=ws.parties["b"],
        section=pool.sections[1],
        starts_at=at("2026-03-03", 7),
        ends_at=at("2026-03-04", 17),
        purpose='=HYPERLINK("http://example.org")',
    )
    client.force_login(ws.users["a_member"])
    data = rows(client.get(f"/werkruimte/{ws.partnership.slug}/materieel/boekingen.csv"))
    assert data[0][:3] == ["Materieel", "Partij", "Deeltraject"]
    assert data[1][:5] == [
        "HVO-dumper",
        "Aannemer B",
        "2. Vak 2",
        "2026-03-03T07:00+01:00",
        "2026-03-04T17:00+01:00",
    ]
    # A cell that starts like a formula is neutralised for spreadsheets.
    assert data[1][5].startswith("'=")


def test_exports_are_404_for_outsiders(ws, client, pool):
    client.force_login(ws.users["outsider"])
    base = f"/werkruimte/{ws.partnership.slug}/materieel/"
    assert client.get(base + "?export=csv").status_code == 404
    assert client.get(base + "boekingen.csv").status_code == 404


def test_item_photo_only_for_members_of_the_pool(ws, client, pool):
    gif = (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
        b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    item = services.equipment_item_update(
        item=pool.items["crane"], photo=SimpleUploadedFile("kraan.gif", gif, "image/gif")
    )
    path = f"/werkruimte/{ws.partnership.slug}/materieel/{item.pk}/foto/"
    client.force_login(ws.users["b_member"])
    response = client.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == gif
    client.force_login(ws.users["outsider"])
    assert client.get(path).status_code == 404
    with pytest.raises(ValueError, match="no public URL"):
        _ = item.photo.url
