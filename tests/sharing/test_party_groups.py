"""Party groups belong to the access package: only memberships put people in them.

Being in a party's auth group is the access to that party's confidential
work. Any other way in (Wagtail's user admin, the shell, a script) is
refused or reverted at once and written to the workspace's audit log.
"""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from projects import services as project_services
from projects.models import PartnershipLogEntry
from tests.factories import PASSWORD, build_workspace

pytestmark = pytest.mark.django_db

REFUSED = "partnerwerk.membership.refused"


def _in_group(user, party):
    return user.groups.filter(pk=party.group_id).exists()


def _refused(ws, user, party, change):
    return PartnershipLogEntry.objects.filter(
        partnership=ws.partnership,
        action=REFUSED,
        object_id=str(party.pk),
        data__user=user.username,
        data__change=change,
    )


def _edit_data(user, groups):
    return {
        "username": user.username,
        "email": user.email,
        "first_name": "Bert",
        "last_name": "Aannemer",
        "password1": "",
        "password2": "",
        "is_active": "on",
        "groups": [g.pk for g in groups],
    }


def test_admin_ticking_party_group_gives_the_user_nothing_and_the_logboek_says_so(client):
    ws = build_workspace()
    secret = ws.upload("a_lead", "confidential", title="Proefvak damwand meetresultaten")
    b_lead, party_a = ws.users["b_lead"], ws.parties["a"]
    client.force_login(ws.users["superuser"])
    url = reverse("wagtailusers_users:edit", args=[b_lead.pk])

    response = client.post(url, _edit_data(b_lead, [party_a.group]))

    assert response.status_code == 200  # the form again, with the error
    assert "Partijgroepen worden niet hier toegekend" in response.content.decode()
    assert not _in_group(b_lead, party_a)
    assert _in_group(b_lead, ws.parties["b"])  # his own party stays
    entry = _refused(ws, b_lead, party_a, "add").get()
    assert entry.user == ws.users["superuser"]

    client.force_login(b_lead)
    detail = f"/werkruimte/{ws.partnership.slug}/documenten/{secret.pk}/"
    assert client.get(detail).status_code == 404

    client.force_login(ws.users["client_lead"])
    audit = client.get(f"/werkruimte/{ws.partnership.slug}/logboek/").content.decode()
    assert REFUSED in audit
    assert "Wijziging van partijgroep buiten het lidmaatschap om geweigerd" in audit


def test_admin_user_form_does_not_list_party_groups(client):
    ws = build_workspace()
    client.force_login(ws.users["superuser"])
    page = client.get(reverse("wagtailusers_users:edit", args=[ws.users["b_lead"].pk]))
    assert page.status_code == 200
    choices = {pk for pk, _label in page.context["form"].fields["groups"].choices}
    party_groups = {p.group_id for p in ws.parties.values()}
    assert not {getattr(c, "value", c) for c in choices} & party_groups
    assert ws.parties["a"].group.name not in page.content.decode()
    index = client.get(reverse("wagtailusers_users:index"))
    assert ws.parties["a"].group.name not in index.content.decode()


def test_admin_saving_roles_keeps_the_users_party_group(client):
    ws = build_workspace()
    moderators, _ = Group.objects.get_or_create(name="Moderatoren")
    b_lead = ws.users["b_lead"]
    client.force_login(ws.users["superuser"])

    response = client.post(
        reverse("wagtailusers_users:edit", args=[b_lead.pk]), _edit_data(b_lead, [moderators])
    )

    assert response.status_code == 302
    assert _in_group(b_lead, ws.parties["b"])
    assert b_lead.groups.filter(pk=moderators.pk).exists()
    assert not PartnershipLogEntry.objects.filter(action=REFUSED).exists()


def test_admin_creating_user_with_party_group_is_refused(client):
    ws = build_workspace()
    client.force_login(ws.users["superuser"])
    data = {
        "username": "nieuwkomer",
        "email": "nieuw@example.org",
        "first_name": "Nieuw",
        "last_name": "Komer",
        "password1": PASSWORD + "x",
        "password2": PASSWORD + "x",
        "groups": [ws.parties["a"].group_id],
    }
    response = client.post(reverse("wagtailusers_users:add"), data)
    assert response.status_code == 200
    assert not ws.parties["a"].group.user_set.filter(username="nieuwkomer").exists()
    assert PartnershipLogEntry.objects.filter(action=REFUSED, data__user="nieuwkomer").exists()


def test_admin_group_screens_do_not_know_party_groups(client):
    ws = build_workspace()
    moderators, _ = Group.objects.get_or_create(name="Moderatoren")
    client.force_login(ws.users["superuser"])
    index = client.get(reverse("wagtailusers_groups:index")).content.decode()
    assert "Moderatoren" in index
    assert ws.parties["a"].group.name not in index
    group_id = ws.parties["a"].group_id
    for name in ("edit", "delete", "history"):
        url = reverse(f"wagtailusers_groups:{name}", args=[group_id])
        assert client.get(url).status_code == 404, name
    assert client.post(reverse("wagtailusers_groups:delete", args=[group_id])).status_code == 404
    assert Group.objects.filter(pk=group_id).exists()
    edit = reverse("wagtailusers_groups:edit", args=[moderators.pk])
    assert client.get(edit).status_code == 200


def test_shell_user_groups_add_of_party_group_is_reverted_and_logged():
    ws = build_workspace()
    b_lead, party_a = ws.users["b_lead"], ws.parties["a"]
    b_lead.groups.add(party_a.group)
    assert not _in_group(b_lead, party_a)
    assert _refused(ws, b_lead, party_a, "add").count() == 1


def test_shell_group_user_set_add_is_reverted_and_logged():
    ws = build_workspace()
    b_lead, party_a = ws.users["b_lead"], ws.parties["a"]
    party_a.group.user_set.add(b_lead, ws.users["outsider"])
    assert not _in_group(b_lead, party_a)
    assert not _in_group(ws.users["outsider"], party_a)
    assert _refused(ws, b_lead, party_a, "add").count() == 1
    assert _refused(ws, ws.users["outsider"], party_a, "add").count() == 1


def test_shell_user_groups_remove_of_own_party_is_reverted_and_logged():
    ws = build_workspace()
    a_lead, party_a = ws.users["a_lead"], ws.parties["a"]
    a_lead.groups.remove(party_a.group)
    assert _in_group(a_lead, party_a)
    assert _refused(ws, a_lead, party_a, "remove").count() == 1
    party_a.group.user_set.remove(a_lead)
    assert _in_group(a_lead, party_a)
    assert _refused(ws, a_lead, party_a, "remove").count() == 2


def test_shell_clear_is_reverted_and_logged_but_other_groups_go():
    ws = build_workspace()
    moderators, _ = Group.objects.get_or_create(name="Moderatoren")
    a_lead, party_a = ws.users["a_lead"], ws.parties["a"]
    a_lead.groups.add(moderators)
    a_lead.groups.clear()
    assert _in_group(a_lead, party_a)
    assert not a_lead.groups.filter(pk=moderators.pk).exists()
    assert _refused(ws, a_lead, party_a, "remove").count() == 1

    party_a.group.user_set.clear()
    assert set(party_a.group.user_set.values_list("pk", flat=True)) == {
        ws.users["a_lead"].pk,
        ws.users["a_member"].pk,
    }
    assert _refused(ws, ws.users["a_member"], party_a, "remove").count() == 1


def test_shell_set_cannot_move_a_user_between_parties():
    ws = build_workspace()
    b_lead = ws.users["b_lead"]
    b_lead.groups.set([ws.parties["a"].group])
    assert _in_group(b_lead, ws.parties["b"])
    assert not _in_group(b_lead, ws.parties["a"])


def test_non_party_groups_change_freely():
    ws = build_workspace()
    moderators, _ = Group.objects.get_or_create(name="Moderatoren")
    ws.users["b_lead"].groups.add(moderators)
    moderators.user_set.add(ws.users["outsider"])
    assert moderators.user_set.count() == 2
    assert not PartnershipLogEntry.objects.filter(action=REFUSED).exists()


def test_membership_made_the_proper_way_puts_user_in_group_and_is_logged_with_actor():
    ws = build_workspace()
    client_lead, party_a = ws.users["client_lead"], ws.parties["a"]
    membership, _ = project_services.membership_add(
        party=party_a, email="nieuw@example.org", actor=client_lead
    )
    assert _in_group(membership.user, party_a)
    entry = PartnershipLogEntry.objects.get(
        action="partnerwerk.membership.add", object_id=str(membership.pk)
    )
    assert entry.user == client_lead
    user = membership.user
    project_services.membership_remove(membership=membership, actor=client_lead)
    assert not _in_group(user, party_a)
    removed = PartnershipLogEntry.objects.get(action="partnerwerk.membership.remove")
    assert removed.user == client_lead
    assert not PartnershipLogEntry.objects.filter(action=REFUSED).exists()
