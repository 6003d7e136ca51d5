"""The market consultation ledger: candidates, their private questions, the nota van inlichtingen.

Equal treatment is the law before selection: a question one candidate asks is
answered to all candidates at the same moment, without saying who asked. So
a question (`ConsultationQuestion`) is private to its asker; what the client
publishes is an `ConsultationAnswer` with its own wording of the question,
numbered in a `ConsultationNota`. A published answer is never changed: a
correction is a new answer that points at the one it corrects.

Who may see what is decided in `projects.selectors_consultation`, re-exported
by `sharing.access`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .partnerships import Organisation, PartnershipPage, Party
from .phases import Phase


class Consultation(models.Model):
    """The market consultation of one partnership, before the selection."""

    partnership = models.OneToOneField(
        PartnershipPage, on_delete=models.CASCADE, related_name="consultation"
    )
    # The partnership's phase of demand articulation and market consultation.
    phase = models.OneToOneField(
        Phase,
        verbose_name=_("fase"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation",
    )
    intro = models.TextField(_("toelichting"), blank=True)
    registration_open = models.BooleanField(_("aanmelden mogelijk"), default=True)
    question_deadline = models.DateTimeField(_("vragen stellen tot"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("marktconsultatie")
        verbose_name_plural = _("marktconsultaties")

    def __str__(self):
        return f"{self.partnership.title}"

    @property
    def accepts_questions(self) -> bool:
        return timezone.now() < self.question_deadline


class ConsultationCandidate(models.Model):
    """A company that registered for the consultation; becomes a party when selected."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="candidates"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consultation_candidacies"
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="candidacies"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    # Set when the candidate is selected as a contractor: the party keeps this history.
    party = models.OneToOneField(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidacy"
    )

    class Meta:
        verbose_name = _("gegadigde")
        verbose_name_plural = _("gegadigden")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation"], name="candidate_once_per_consultation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.consultation})"


class ConsultationQuestion(models.Model):
    """A candidate's question: seen by its own organisation and the client, nobody else."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    candidate = models.ForeignKey(
        ConsultationCandidate, on_delete=models.CASCADE, related_name="questions"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("vraag"))
    asked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vraag marktconsultatie")
        verbose_name_plural = _("vragen marktconsultatie")
        ordering = ["asked_at", "pk"]

    def __str__(self):
        return self.text[:60]


class ConsultationNota(models.Model):
    """A numbered nota van inlichtingen: the answers published to all candidates at once."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="notas")
    number = models.PositiveIntegerField(_("nummer"))
    published_at = models.DateTimeField(_("gepubliceerd op"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("nota van inlichtingen")
        verbose_name_plural = _("nota's van inlichtingen")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="nota_number_unique")
        ]

    def __str__(self):
        return f"Nota van inlichtingen {self.number}"


class ConsultationAnswer(models.Model):
    """One entry of the ledger: a question in the client's words and its answer.

    `source` links the candidate's question privately (never shown to other
    candidates); `corrects` points at an earlier published entry this one
    corrects. Once `nota` is set the entry is published and never changes.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="answers")
    source = models.ForeignKey(
        ConsultationQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
    )
    question = models.TextField(_("vraag (zoals gepubliceerd)"))
    answer = models.TextField(_("antwoord"))
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrigeert"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    nota = models.ForeignKey(
        ConsultationNota, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    # Numbered across the consultation when published: "vraag 7".
    number = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("antwoord nota van inlichtingen")
        verbose_name_plural = _("antwoorden nota van inlichtingen")
        ordering = ["number", "pk"]

    def __str__(self):
        return self.question[:60]

    @property
    def is_published(self) -> bool:
        return self.nota_id is not None


class ConsultationNotice(models.Model):
    """The in-app notice of a new nota: one per candidate contact, made in one transaction."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_notices"
    )
    nota = models.ForeignKey(ConsultationNota, on_delete=models.CASCADE, related_name="notices")
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("melding nota van inlichtingen")
        verbose_name_plural = _("meldingen nota van inlichtingen")
        constraints = [
            models.UniqueConstraint(fields=["user", "nota"], name="notice_once_per_nota")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.nota}"
