"""Parties and members: who manages whom, invitations, groups, audit."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.core import mail

from projects.models import Membership, PartnershipLogEntry, Party

pytestmark = pytest.mark.django_db
User = get_user_model()


def _members_url(ws):
    return f"/werkruimte/{ws.partnership.slug}/deelnemers/"


def test_party_gets_its_own_group_named_after_it_and_renamed_with_it(ws):
    party = ws.parties["a"]
    assert party.group.name.startswith(f"Partij {party.pk}: Aannemer A")
    assert ws.users["a_lead"].groups.filter(pk=party.group_id).exists()
    party.organisation.name = "Aannemer A Nieuw"
    party.organisation.save()
    party.group.refresh_from_db()
    assert "Aannemer A Nieuw" in party.group.name


def test_client_lead_adds_party_with_invited_lead(ws, client, django_capture_on_commit_callbacks):
    client.force_login(ws.users["client_lead"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _members_url(ws),
            {
                "action": "add_party",
                "organisation": "Nieuwe Bouwer",
                "role": "contractor",
                "lead_email": "Trekker@NieuweBouwer.nl",
            },
        )
    assert response.status_code == 302
    party = Party.objects.get(organisation__name="Nieuwe Bouwer")
    user = User.objects.get(email="trekker@nieuwebouwer.nl")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == Membership.Role.LEAD
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["trekker@nieuwebouwer.nl"]
    assert "Sterke Lekdijk" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/uitnodiging/\S+/)", message.body).group(1)

    # The invitation link sets a password and signs in; it works once.
    client.logout()
    response = client.get(link, follow=True)
    assert response.status_code == 200
    set_url = response.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "Dijk-2026-veilig!", "new_password2": "Dijk-2026-veilig!"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Dijk-2026-veilig!")
    assert client.get(f"/werkruimte/{ws.partnership.slug}/").status_code == 200
    client.logout()
    response = client.get(link, follow=True)
    assert "verlopen of al gebruikt" in response.content.decode()
    assert party.group.user_set.filter(pk=user.pk).exists()


def test_invitation_expires(ws, settings, client, monkeypatch):
    from projects.tokens import invitation_token_generator

    client.force_login(ws.users["client_lead"])
    client.post(
        _members_url(ws),
        {
            "action": "add_member",
            "party": ws.parties["client"].pk,
            "email": "nieuw@hdsr.nl",
            "role": "member",
        },
    )
    user = User.objects.get(email="nieuw@hdsr.nl")
    token = invitation_token_generator.make_token(user)
    assert invitation_token_generator.check_token(user, token)
    later = invitation_token_generator._now() + __import__("datetime").timedelta(
        days=settings.INVITATION_VALID_DAYS, hours=1
    )
    monkeypatch.setattr(invitation_token_generator, "_now", lambda: later)
    assert not invitation_token_generator.check_token(user, token)


def test_contractor_lead_manages_only_own_party(ws, client):
    client.force_login(ws.users["a_lead"])
    response = client.post(
        _members_url(ws),
        {"action": "add_member", "party": ws.parties["b"].pk, "email": "x@b.nl", "role": "member"},
    )
    assert response.status_code == 400
    assert "Kies een partij die u beheert." in response.content.decode()
    assert not User.objects.filter(email="x@b.nl").exists()
    b_member = Membership.objects.get(user=ws.users["b_member"])
    response = client.post(_members_url(ws), {"action": "remove_member", "membership": b_member.pk})
    assert response.status_code == 404
    assert Membership.objects.filter(pk=b_member.pk).exists()
    response = client.post(
        _members_url(ws),
        {
            "action": "add_member",
            "party": ws.parties["a"].pk,
            "email": "nieuw@a.nl",
            "role": "member",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user__email="nieuw@a.nl", party=ws.parties["a"]).exists()


def test_contractor_member_and_advisor_cannot_manage_parties(ws, client):
    for key in ("a_member", "advisor"):
        client.force_login(ws.users[key])
        page = client.get(_members_url(ws))
        assert page.status_code == 200
        assert "Partij toevoegen" not in page.content.decode()
        # Only leads add members (the advisor here is its own party's lead).
        assert ("Lid toevoegen" in page.content.decode()) is (key == "advisor")
        response = client.post(
            _members_url(ws), {"action": "add_party", "organisation": "X", "role": "contractor"}
        )
        assert response.status_code == 404
    assert not Party.objects.filter(organisation__name="X").exists()


def test_removed_member_loses_access_and_it_is_logged(ws, client):
    doc = ws.upload("a_lead", "confidential")
    membership = Membership.objects.get(user=ws.users["a_member"])
    client.force_login(ws.users["a_lead"])
    response = client.post(
        _members_url(ws), {"action": "remove_member", "membership": membership.pk}
    )
    assert response.status_code == 302
    client.force_login(ws.users["a_member"])
    assert client.get(f"/werkruimte/{ws.partnership.slug}/").status_code == 404
    assert client.get(doc.get_absolute_url()).status_code == 404
    assert PartnershipLogEntry.objects.filter(action="partnerwerk.membership.remove").exists()


def test_last_lead_cannot_be_removed_or_demoted(ws, client):
    lead = Membership.objects.get(user=ws.users["b_lead"])
    client.force_login(ws.users["client_lead"])
    client.post(_members_url(ws), {"action": "remove_member", "membership": lead.pk})
    client.post(
        _members_url(ws), {"action": "member_role", "membership": lead.pk, "role": "member"}
    )
    lead.refresh_from_db()
    assert lead.role == Membership.Role.LEAD
    page = client.get(_members_url(ws)).content.decode()
    assert "minstens één trekker" in page


def test_member_made_lead_gets_lead_rights_on_party_items(ws, client):
    doc = ws.upload("a_lead", "confidential")
    membership = Membership.objects.get(user=ws.users["a_member"])
    client.force_login(ws.users["a_lead"])
    client.post(
        _members_url(ws), {"action": "member_role", "membership": membership.pk, "role": "lead"}
    )
    client.force_login(ws.users["a_member"])
    client.post(doc.get_absolute_url() + "reikwijdte/", {"scope": "internal"})
    doc.refresh_from_db()
    assert doc.scope == "internal"


def test_adding_an_existing_member_twice_is_a_clear_error(ws, client):
    client.force_login(ws.users["client_lead"])
    response = client.post(
        _members_url(ws),
        {
            "action": "add_member",
            "party": ws.parties["client"].pk,
            "email": ws.users["a_member"].email,
            "role": "member",
        },
    )
    assert response.status_code == 400
    assert "is al lid van Aannemer A" in response.content.decode()


def test_bad_member_input_is_a_form_error(ws, client):
    client.force_login(ws.users["client_lead"])
    response = client.post(
        _members_url(ws),
        {
            "action": "add_member",
            "party": ws.parties["client"].pk,
            "email": "geen-adres",
            "role": "member",
        },
    )
    assert response.status_code == 400
    assert "Geef een geldig e-mailadres." in response.content.decode()
    response = client.post(_members_url(ws), {"action": "bogus"})
    assert response.status_code == 302


def test_password_reset_mail_and_pages_are_dutch(ws, client):
    response = client.post("/accounts/password_reset/", {"email": ws.users["a_lead"].email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Nieuw wachtwoord" in mail.outbox[0].subject
    assert "Controleer uw e-mail" in client.get(response["Location"]).content.decode()
