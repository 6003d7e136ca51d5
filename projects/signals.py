"""Signals of the projects app.

`party_access_changed` is the documented way for `projects` to tell other apps
that who-may-see-what in a partnership has changed (a party joined, dropped
out or changed role; a member was added, removed or made lead). `sharing`
connects to it in its AppConfig.ready() and re-derives object permissions;
`projects` never imports `sharing`.
"""

from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from .models import Organisation, PartnershipPage, Party

# Sent with: partnership (PartnershipPage), users (list of affected users or None).
party_access_changed = Signal()


def _rename_groups(parties):
    for party in parties.select_related("organisation", "partnership", "group"):
        name = party.group_name()
        if party.group.name != name:
            party.group.name = name
            party.group.save(update_fields=["name"])


@receiver(post_save, sender=Organisation)
def rename_groups_of_organisation(sender, instance, **kwargs):
    _rename_groups(Party.objects.filter(organisation=instance))


@receiver(post_save, sender=PartnershipPage)
def rename_groups_of_partnership(sender, instance, **kwargs):
    _rename_groups(Party.objects.filter(partnership=instance))


# Sent inside the writing transaction by the phase services, with: partnership,
# kind (str, e.g. "decision", "amendment", "instalment"), obj (the model
# instance) and parties (the parties whose members must be told). `sharing`
# turns it into notifications (bell and e-mail) for the people the access
# package lets see `obj`.
phase_event = Signal()
