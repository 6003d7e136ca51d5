import django_filters

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models import PartnershipPage, Party

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
