import django_filters

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models import PartnershipLogEntry, PartnershipPage, Party

from .models import Document, Lesson, LessonPublication, Message, Scope, SearchEntry, Thread


class DocumentFilter(django_filters.FilterSet):
    """Filters for the document list; the queryset is already narrowed by access."""

    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    scope = django_filters.ChoiceFilter(
        label=_("Reikwijdte"), choices=Scope.choices, empty_label=_("Alle")
    )
    owner_party = django_filters.ModelChoiceFilter(
        label=_("Partij"), queryset=Party.objects.none(), empty_label=_("Alle partijen")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort"), choices=Document.Kind.choices, empty_label=_("Alle")
    )

    class Meta:
        model = Document
        fields = ["q", "scope", "owner_party", "kind"]

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["owner_party"].queryset = Party.objects.filter(
            partnership=partnership
        ).select_related("organisation")
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class ThreadFilter(django_filters.FilterSet):
    """Filters for the thread list; the queryset is already narrowed by access."""

    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    scope = django_filters.ChoiceFilter(
        label=_("Reikwijdte"), choices=Scope.choices, empty_label=_("Alle")
    )
    owner_party = django_filters.ModelChoiceFilter(
        label=_("Partij"), queryset=Party.objects.none(), empty_label=_("Alle partijen")
    )
    tag = django_filters.CharFilter(label=_("Label"), field_name="tags__name", lookup_expr="iexact")
    unread = django_filters.BooleanFilter(
        label=_("Alleen ongelezen"), method="filter_unread", widget=forms.CheckboxInput
    )

    class Meta:
        model = Thread
        fields = ["q", "scope", "owner_party", "tag", "unread"]

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["owner_party"].queryset = Party.objects.filter(
            partnership=partnership
        ).select_related("organisation")
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        in_messages = Message.objects.filter(body__icontains=value, deleted_at__isnull=True).values(
            "thread_id"
        )
        return queryset.filter(Q(title__icontains=value) | Q(pk__in=in_messages))

    def filter_unread(self, queryset, name, value):
        return queryset.filter(unread__gt=0) if value else queryset


class LessonFilter(django_filters.FilterSet):
    """Filters for the workspace lesson list; the queryset is already narrowed by access."""

    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    theme = django_filters.CharFilter(label=_("Thema"), lookup_expr="iexact")
    phase = django_filters.ChoiceFilter(
        label=_("Fase"), choices=PartnershipPage.Status.choices, empty_label=_("Alle")
    )
    scope = django_filters.ChoiceFilter(
        label=_("Reikwijdte"), choices=Scope.choices, empty_label=_("Alle")
    )
    owner_party = django_filters.ModelChoiceFilter(
        label=_("Partij"), queryset=Party.objects.none(), empty_label=_("Alle partijen")
    )
    publication = django_filters.ChoiceFilter(
        label=_("Publicatie"),
        choices=LessonPublication.Status.choices,
        empty_label=_("Alle"),
        method="filter_publication",
    )

    class Meta:
        model = Lesson
        fields = ["q", "theme", "phase", "scope", "owner_party", "publication"]

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["owner_party"].queryset = Party.objects.filter(
            partnership=partnership
        ).select_related("organisation")
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        text = Q()
        for field in ("title", "context", "what_worked", "what_did_not", "advice", "theme"):
            text |= Q(**{f"{field}__icontains": value})
        return queryset.filter(text)

    def filter_publication(self, queryset, name, value):
        return queryset.filter(publications__status=value).distinct()


class WorkspaceSearchFilter(django_filters.FilterSet):
    """The workspace search: words, kind, party, scope and period, as GET parameters.

    The queryset is already narrowed by access (`selectors.search_entries`);
    `q` matches and ranks within it.
    """

    KINDS = {
        "document": (SearchEntry.Kind.DOCUMENT,),
        "thread": (SearchEntry.Kind.THREAD, SearchEntry.Kind.MESSAGE),
        "lesson": (SearchEntry.Kind.LESSON,),
        "section": (SearchEntry.Kind.SECTION,),
        "equipment": (SearchEntry.Kind.EQUIPMENT,),
    }
    KIND_CHOICES = [
        ("document", _("Documenten")),
        ("thread", _("Draden en berichten")),
        ("lesson", _("Lessen")),
        ("section", _("Deeltrajecten")),
        ("equipment", _("Materieel")),
    ]

    q = django_filters.CharFilter(label=_("Zoekwoorden"), method="filter_words")
    kind = django_filters.ChoiceFilter(
        label=_("Soort"), choices=KIND_CHOICES, empty_label=_("Alles"), method="filter_kind"
    )
    party = django_filters.ModelChoiceFilter(
        label=_("Partij"), queryset=Party.objects.none(), empty_label=_("Alle partijen")
    )
    scope = django_filters.ChoiceFilter(
        label=_("Reikwijdte"), choices=Scope.choices, empty_label=_("Alle")
    )
    date_from = django_filters.DateFilter(
        label=_("Vanaf"),
        field_name="date",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("Tot en met"),
        field_name="date",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = SearchEntry
        fields = ["q", "kind", "party", "scope", "date_from", "date_to"]

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["party"].queryset = Party.objects.filter(
            partnership=partnership
        ).select_related("organisation")
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})

    def filter_words(self, queryset, name, value):
        from .search.query import match

        return match(queryset, value)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kind__in=self.KINDS[value])


class AuditFilter(django_filters.FilterSet):
    """The Logboek's filters; the entries are already narrowed by access.

    Routine pool bookings (booked, approved, cancelled) are folded away
    unless asked for (`routine`), or unless the kind asked for is the pool.
    """

    KINDS = {
        "document": ("partnerwerk.document.",),
        "scope": ("partnerwerk.scope.",),
        "release": ("partnerwerk.release.",),
        "lesson": ("partnerwerk.lesson.", "partnerwerk.publication."),
        "members": ("partnerwerk.party.", "partnerwerk.membership."),
        "pool": ("partnerwerk.section.", "partnerwerk.equipment.", "partnerwerk.booking."),
        "export": ("partnerwerk.export.",),
    }
    ROUTINE = "partnerwerk.booking."

    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    user = django_filters.ModelChoiceFilter(
        label=_("Wie"), queryset=None, empty_label=_("Iedereen"), method="filter_user"
    )
    party = django_filters.ModelChoiceFilter(
        label=_("Partij"),
        queryset=Party.objects.none(),
        empty_label=_("Alle partijen"),
        method="filter_party",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort handeling"),
        empty_label=_("Alle"),
        method="filter_kind",
        choices=[
            ("document", _("Documenten")),
            ("scope", _("Reikwijdte")),
            ("release", _("Vrijgaven")),
            ("lesson", _("Lessen en publicatie")),
            ("members", _("Partijen en leden")),
            ("pool", _("Trajecten en materieel")),
            ("export", _("Exports")),
        ],
    )
    item = django_filters.CharFilter(
        label=_("Onderwerp"), method="filter_item", widget=forms.HiddenInput
    )
    date_from = django_filters.DateFilter(
        label=_("Vanaf"),
        field_name="timestamp",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("Tot en met"),
        field_name="timestamp",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    routine = django_filters.BooleanFilter(
        label=_("Routineboekingen tonen"), method="filter_routine", widget=forms.CheckboxInput
    )

    class Meta:
        model = PartnershipLogEntry
        fields = ["q", "user", "party", "kind", "item", "date_from", "date_to", "routine"]

    def __init__(self, *args, partnership=None, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.filters["party"].queryset = Party.objects.filter(
            partnership=partnership
        ).select_related("organisation")
        self.filters["user"].queryset = (
            get_user_model()
            .objects.filter(memberships__partnership=partnership)
            .order_by("first_name", "last_name", "username")
            .distinct()
        )
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
        self.form.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username

    def folds_routine(self) -> bool:
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        return not data.get("routine") and data.get("kind") != "pool"

    @property
    def qs(self):
        qs = super().qs
        return qs.exclude(action__startswith=self.ROUTINE) if self.folds_routine() else qs

    def routine_folded_count(self) -> int:
        """How many routine booking entries the current filters fold away."""
        if not self.folds_routine():
            return 0
        return super().qs.filter(action__startswith=self.ROUTINE).count()

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(label__icontains=value)
            | Q(user__username__icontains=value)
            | Q(user__first_name__icontains=value)
            | Q(user__last_name__icontains=value)
        )

    def filter_user(self, queryset, name, value):
        return queryset.filter(user=value)

    def filter_party(self, queryset, name, value):
        return queryset.filter(
            user__memberships__party=value, user__memberships__partnership=self.partnership
        )

    def filter_kind(self, queryset, name, value):
        match = Q()
        for prefix in self.KINDS[value]:
            match |= Q(action__startswith=prefix)
        return queryset.filter(match)

    def filter_item(self, queryset, name, value):
        model, _sep, pk = value.partition(":")
        if not model or not pk.isdigit():
            return queryset.none()
        return queryset.filter(content_type__model=model, object_id=pk)

    def filter_routine(self, queryset, name, value):
        return queryset  # applied in `qs`, after the other filters
