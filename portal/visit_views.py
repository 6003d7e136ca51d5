"""Registering for a visit (a POST to the visit page) and cancelling by e-mail link.

Spam defence, in this order: a rate limit per client address and visit (429),
then a honeypot field (a calm 400 page; nothing is stored). Both come before
the form is validated, so a bot learns nothing about which addresses exist.
The limit counts accepted registrations only: colleagues behind one office
address who mistype, or are refused as a double, do not lock each other out.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from . import ratelimit
from .forms import VisitRegistrationForm
from .models import VisitRegistration
from .services import visits as visit_services

# What secrets.token_urlsafe makes, at most the column's length.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _page_response(request, page, *, form=None, status=200):
    return TemplateResponse(
        request, page.get_template(request), page.get_context(request, form=form), status=status
    )


def register(request, page):
    """POST to a visit page. Precondition: `page` is a live VisitPage being served."""
    scope = f"visit-registration:{page.pk}"
    verdict = ratelimit.peek(scope, request, settings.VISIT_REGISTRATION_RATE)
    if not verdict.allowed:
        response = render(
            request, "portal/visit_rate_limited.html", {"page": page, "visit": page}, status=429
        )
        response["Retry-After"] = str(verdict.retry_after)
        return response
    form = VisitRegistrationForm(request.POST)
    if form.is_bot():
        # A person never sees the field; tell the rare one who filled it anyway.
        return render(request, "portal/visit_refused.html", {"visit": page}, status=400)
    if not page.registration_open:
        return _page_response(request, page, status=400)
    if not form.is_valid():
        return _page_response(request, page, form=form)
    try:
        registration = visit_services.registration_create(
            visit=page,
            name=form.cleaned_data["name"],
            organisation=form.cleaned_data["organisation"],
            email=form.cleaned_data["email"],
        )
    except visit_services.RegistrationClosed:
        return _page_response(request, page, status=400)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
        return _page_response(request, page, form=form)
    ratelimit.hit(scope, request, settings.VISIT_REGISTRATION_RATE)
    if registration.status == VisitRegistration.Status.CONFIRMED:
        messages.success(
            request,
            _(
                "U bent aangemeld voor “%(title)s”. U krijgt een bevestiging per e-mail, "
                "met de afspraak voor uw agenda."
            )
            % {"title": page.title},
        )
    else:
        messages.info(
            request,
            _(
                "Het bezoek is vol: u staat op de wachtlijst (plaats %(rank)d). Komt er een "
                "plaats vrij, dan krijgt u bericht per e-mail."
            )
            % {"rank": visit_services.waiting_rank(registration)},
        )
    # Post/Redirect/Get: reloading the page does not register again.
    return redirect(page.get_url(request))


class VisitCancelView(View):
    """kijkje/afmelden/<token>/: GET asks for confirmation, POST cancels.

    The token from the e-mail is the only key; an unknown token is a 404.
    """

    template_name = "portal/visit_cancel.html"

    def _registration(self, token):
        # Tokens are URL-safe; anything else (a NUL byte makes PostgreSQL raise)
        # cannot name a registration.
        if not TOKEN_RE.fullmatch(token):
            raise Http404
        return get_object_or_404(
            VisitRegistration.objects.select_related("visit"), cancel_token=token
        )

    def _render(self, request, registration, status=200):
        response = render(
            request,
            self.template_name,
            {"registration": registration, "visit": registration.visit},
            status=status,
        )
        # The URL is a secret: keep the page out of shared caches.
        response["Cache-Control"] = "private, no-store"
        return response

    def get(self, request, token):
        return self._render(request, self._registration(token))

    def post(self, request, token):
        registration = self._registration(token)
        if registration.status == VisitRegistration.Status.CANCELLED:
            messages.info(request, _("U was al afgemeld. Er is niets veranderd."))
        elif not registration.visit.registration_open:
            messages.info(
                request, _("Dit bezoek is al begonnen of voorbij; afmelden kan niet meer.")
            )
        else:
            visit_services.registration_cancel(registration=registration)
            messages.success(
                request,
                _("U bent afgemeld voor “%(title)s”. U krijgt een bevestiging per e-mail.")
                % {"title": registration.visit.title},
            )
        return redirect("visit-cancel", token=token)
