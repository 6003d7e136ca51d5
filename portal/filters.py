"""Filters of the public indexes; every value is a plain GET parameter, so URLs are shareable."""

import django_filters

from django.utils.translation import gettext_lazy as _

from projects.models import Organisation, PartnershipPage

from . import routing
from .models import CaseStoryPage, LessonPage


def _distinct_values(model, field):
    def build():
        values = (
            model.objects.live()
            .public()
            .exclude(**{field: ""})
            .order_by(field)
            .values_list(field, flat=True)
            .distinct()
        )
        return [(v, v) for v in values]

    def choices():
        # They change only when a page does: once per page-cache generation.
        return routing.remember(("choices", model._meta.label, field), build)

    return choices


class CaseStoryFilter(django_filters.FilterSet):
    procedure = django_filters.ChoiceFilter(
        field_name="procedure_type",
        label=_("Procedure"),
        choices=PartnershipPage.Procedure.choices,
        empty_label=_("Alle procedures"),
    )
    theme = django_filters.ChoiceFilter(
        label=_("Thema"),
        choices=_distinct_values(CaseStoryPage, "theme"),
        empty_label=_("Alle thema's"),
    )
    authority = django_filters.ModelChoiceFilter(
        field_name="client_organisation",
        label=_("Opdrachtgever"),
        queryset=Organisation.objects.filter(case_stories__live=True).distinct(),
        empty_label=_("Alle opdrachtgevers"),
    )
    region = django_filters.ChoiceFilter(
        label=_("Regio"),
        choices=_distinct_values(CaseStoryPage, "region"),
        empty_label=_("Alle regio's"),
    )
    # Bounded: an absurd year ("1e10") is a form error, not an overflow in the database.
    year = django_filters.NumberFilter(label=_("Jaar"), min_value=1900, max_value=2999)

    class Meta:
        model = CaseStoryPage
        fields = ["procedure", "theme", "authority", "region", "year"]


class LessonFilter(django_filters.FilterSet):
    procedure = django_filters.ChoiceFilter(
        field_name="partnership__procedure_type",
        label=_("Procedure"),
        choices=PartnershipPage.Procedure.choices,
        empty_label=_("Alle procedures"),
    )
    theme = django_filters.ChoiceFilter(
        label=_("Thema"),
        choices=_distinct_values(LessonPage, "theme"),
        empty_label=_("Alle thema's"),
    )
    authority = django_filters.ModelChoiceFilter(
        field_name="partnership__client_organisation",
        label=_("Opdrachtgever"),
        queryset=Organisation.objects.filter(
            partnerships_as_client__public_lessons__live=True
        ).distinct(),
        empty_label=_("Alle opdrachtgevers"),
    )
    region = django_filters.CharFilter(
        field_name="partnership__region", label=_("Regio"), lookup_expr="iexact"
    )
    year = django_filters.NumberFilter(
        field_name="first_published_at",
        lookup_expr="year",
        label=_("Jaar"),
        min_value=1900,
        max_value=2999,
    )

    class Meta:
        model = LessonPage
        fields = ["procedure", "theme", "authority", "region", "year"]
