from django.urls import path, re_path

from .views import (
    consultation,
    documents,
    equipment,
    exports,
    feeds,
    instalments,
    lessons,
    phases,
    planning,
    search,
    sections,
    threads,
    visits,
    workspace,
)

app_name = "sharing"

urlpatterns = [
    path("<slug:slug>/", workspace.DashboardView.as_view(), name="dashboard"),
    path("<slug:slug>/deelnemers/", workspace.MembersView.as_view(), name="members"),
    path(
        "<slug:slug>/deelnemers/leden/<int:pk>/verwijderen/",
        workspace.MemberRemoveView.as_view(),
        name="member-remove",
    ),
    path(
        "<slug:slug>/deelnemers/<int:party>/afvallen/",
        workspace.DropOutView.as_view(),
        name="party-drop-out",
    ),
    path("<slug:slug>/logboek/", workspace.AuditView.as_view(), name="audit"),
    path(
        "<slug:slug>/marktconsultatie/",
        consultation.LedgerView.as_view(),
        name="consultation",
    ),
    path(
        "<slug:slug>/marktconsultatie/antwoorden/",
        consultation.AnswerDraftView.as_view(),
        name="consultation-answer",
    ),
    path(
        "<slug:slug>/marktconsultatie/antwoorden/<int:pk>/",
        consultation.AnswerEditView.as_view(),
        name="consultation-answer-edit",
    ),
    path(
        "<slug:slug>/marktconsultatie/publiceren/",
        consultation.NotaPublishView.as_view(),
        name="consultation-publish",
    ),
    path(
        "<slug:slug>/marktconsultatie/gegadigden/<int:pk>/selecteren/",
        consultation.CandidateSelectView.as_view(),
        name="consultation-select",
    ),
    path("<slug:slug>/zoeken/", search.WorkspaceSearchView.as_view(), name="search"),
    path("<slug:slug>/export/", exports.ExportListView.as_view(), name="exports"),
    path(
        "<slug:slug>/export/<int:pk>/status/",
        exports.ExportStatusView.as_view(),
        name="export-status",
    ),
    path("<slug:slug>/export/<int:pk>/link/", exports.ExportLinkView.as_view(), name="export-link"),
    path(
        "<slug:slug>/export/<int:pk>/download/<str:token>/",
        exports.ExportDownloadView.as_view(),
        name="export-download",
    ),
    path("<slug:slug>/documenten/", documents.DocumentListView.as_view(), name="documents"),
    path(
        "<slug:slug>/documenten/nieuw/",
        documents.DocumentUploadView.as_view(),
        name="document-upload",
    ),
    path(
        "<slug:slug>/documenten/<int:pk>/",
        documents.DocumentDetailView.as_view(),
        name="document-detail",
    ),
    path(
        "<slug:slug>/documenten/<int:pk>/versie/",
        documents.DocumentVersionUploadView.as_view(),
        name="document-version",
    ),
    path(
        "<slug:slug>/documenten/<int:pk>/reikwijdte/",
        documents.DocumentScopeView.as_view(),
        name="document-scope",
    ),
    path(
        "<slug:slug>/documenten/<int:pk>/vrijgave/",
        documents.DocumentReleaseRequestView.as_view(),
        name="document-release",
    ),
    path(
        "<slug:slug>/documenten/<int:pk>/download/",
        documents.DocumentDownloadView.as_view(),
        name="document-download",
    ),
    path(
        "<slug:slug>/documenten/<int:pk>/versies/<int:number>/download/",
        documents.DocumentDownloadView.as_view(),
        name="document-version-download",
    ),
    path("<slug:slug>/vrijgaven/", documents.ReleaseListView.as_view(), name="releases"),
    path(
        "<slug:slug>/vrijgaven/<int:pk>/",
        documents.ReleaseDecisionView.as_view(),
        name="release-decide",
    ),
]

# The sections of the work and the shared equipment pool (issue 4).
urlpatterns += [
    path("<slug:slug>/trajecten/", sections.SectionListView.as_view(), name="sections"),
    path("<slug:slug>/trajecten/nieuw/", sections.SectionFormView.as_view(), name="section-add"),
    path(
        "<slug:slug>/trajecten/<int:pk>/wijzigen/",
        sections.SectionFormView.as_view(),
        name="section-edit",
    ),
    path("<slug:slug>/materieel/", equipment.EquipmentListView.as_view(), name="equipment"),
    path(
        "<slug:slug>/materieel/nieuw/", equipment.EquipmentFormView.as_view(), name="equipment-add"
    ),
    path(
        "<slug:slug>/materieel/<int:pk>/",
        equipment.EquipmentDetailView.as_view(),
        name="equipment-detail",
    ),
    path(
        "<slug:slug>/materieel/<int:pk>/wijzigen/",
        equipment.EquipmentFormView.as_view(),
        name="equipment-edit",
    ),
    path(
        "<slug:slug>/materieel/<int:pk>/foto/",
        equipment.EquipmentPhotoView.as_view(),
        name="equipment-photo",
    ),
    path(
        "<slug:slug>/materieel/boeken/", equipment.BookingCreateView.as_view(), name="booking-add"
    ),
    path(
        "<slug:slug>/materieel/boekingen/<int:pk>/uren/",
        equipment.UsageLogView.as_view(),
        name="usage-add",
    ),
    path(
        "<slug:slug>/materieel/boekingen/<int:pk>/verplaatsen/",
        equipment.BookingMoveView.as_view(),
        name="booking-move",
    ),
    path(
        "<slug:slug>/materieel/boekingen/<int:pk>/<slug:action>/",
        equipment.BookingActionView.as_view(),
        name="booking-action",
    ),
    path(
        "<slug:slug>/materieel/boekingen.csv",
        equipment.BookingExportView.as_view(),
        name="booking-export",
    ),
    path("<slug:slug>/materieel/planning/", planning.PlanningView.as_view(), name="planning"),
    path(
        "<slug:slug>/materieel/duurzaamheid/",
        planning.SustainabilityView.as_view(),
        name="sustainability",
    ),
    path("<slug:slug>/materieel/gebruik/", planning.UsageListView.as_view(), name="usage"),
    path(
        "<slug:slug>/materieel/gebruik/<int:pk>/wijzigen/",
        equipment.UsageUpdateView.as_view(),
        name="usage-change",
    ),
    path(
        "<slug:slug>/materieel/gebruik/<int:pk>/verwijderen/",
        equipment.UsageRemoveView.as_view(),
        name="usage-remove",
    ),
    path("<slug:slug>/materieel/beheer/", equipment.PoolManageView.as_view(), name="pool-manage"),
    path(
        "<slug:slug>/materieel/agenda/",
        feeds.CalendarView.as_view(),
        name="equipment-calendar",
    ),
    path(
        "<slug:slug>/materieel/agenda/<str:token>/materieel-<int:pk>.ics",
        feeds.CalendarFeedView.as_view(),
        {"kind": "item"},
        name="calendar-feed-item",
    ),
    path(
        "<slug:slug>/materieel/agenda/<str:token>/partij-<int:pk>.ics",
        feeds.CalendarFeedView.as_view(),
        {"kind": "party"},
        name="calendar-feed-party",
    ),
    path("<slug:slug>/draden/", threads.ThreadListView.as_view(), name="threads"),
    path("<slug:slug>/draden/nieuw/", threads.ThreadCreateView.as_view(), name="thread-create"),
    path("<slug:slug>/draden/<int:pk>/", threads.ThreadDetailView.as_view(), name="thread-detail"),
    re_path(
        r"^(?P<slug>[-\w]+)/draden/(?P<pk>\d+)/(?P<action>sluiten|heropenen|vastzetten|losmaken)/$",
        threads.ThreadModerateView.as_view(),
        name="thread-moderate",
    ),
    path(
        "<slug:slug>/draden/<int:pk>/mensen/",
        threads.MentionCandidatesView.as_view(),
        name="thread-people",
    ),
    path(
        "<slug:slug>/draden/<int:pk>/volgen/",
        threads.ThreadFollowView.as_view(),
        name="thread-follow",
    ),
    path(
        "<slug:slug>/draden/<int:pk>/berichten/<int:seq>/bewerken/",
        threads.MessageEditView.as_view(),
        name="message-edit",
    ),
    path(
        "<slug:slug>/draden/<int:pk>/berichten/<int:seq>/verwijderen/",
        threads.MessageDeleteView.as_view(),
        name="message-delete",
    ),
    path("<slug:slug>/meldingen/", threads.NotificationListView.as_view(), name="notifications"),
]

# Lessons learned, and their way to the public site (issue 5).
urlpatterns += [
    path("<slug:slug>/lessen/", lessons.LessonListView.as_view(), name="lessons"),
    path("<slug:slug>/lessen/nieuw/", lessons.LessonCreateView.as_view(), name="lesson-create"),
    path("<slug:slug>/lessen/<int:pk>/", lessons.LessonDetailView.as_view(), name="lesson-detail"),
    path(
        "<slug:slug>/lessen/<int:pk>/wijzigen/",
        lessons.LessonEditView.as_view(),
        name="lesson-edit",
    ),
    path(
        "<slug:slug>/lessen/<int:pk>/reikwijdte/",
        lessons.LessonScopeView.as_view(),
        name="lesson-scope",
    ),
    path(
        "<slug:slug>/lessen/<int:pk>/publicatie/<slug:action>/",
        lessons.PublicationActionView.as_view(),
        name="lesson-publication",
    ),
]

# Registrations for the partnership's visits ("kijkje in de keuken", issue 5).
urlpatterns += [
    path("<slug:slug>/bezoeken/", visits.VisitRegistrationListView.as_view(), name="visits"),
]

# The life of the partnership: phases, targets, go/no-go, instalments, purchase, rights (issue 10).
urlpatterns += [
    path("<slug:slug>/fasen/", phases.PhaseListView.as_view(), name="phases"),
    path("<slug:slug>/fasen/sjabloon/", phases.PhaseTemplateView.as_view(), name="phase-template"),
    path("<slug:slug>/fasen/afspraken/", phases.PhasePlanView.as_view(), name="phase-plan"),
    path("<slug:slug>/fasen/nieuw/", phases.PhaseCreateView.as_view(), name="phase-add"),
    path("<slug:slug>/fasen/<int:pk>/", phases.PhaseDetailView.as_view(), name="phase-detail"),
    path(
        "<slug:slug>/fasen/<int:pk>/wijzigen/",
        phases.PhaseEditView.as_view(),
        name="phase-edit",
    ),
    path(
        "<slug:slug>/fasen/<int:pk>/doelen/nieuw/",
        phases.TargetFormView.as_view(),
        name="target-add",
    ),
    path(
        "<slug:slug>/fasen/doelen/<int:target>/wijzigen/",
        phases.TargetFormView.as_view(),
        name="target-edit",
    ),
    path(
        "<slug:slug>/fasen/<int:pk>/beoordelen/<int:party>/",
        phases.AssessView.as_view(),
        name="assess",
    ),
    path(
        "<slug:slug>/fasen/<int:pk>/besluit/<int:party>/",
        phases.DecideView.as_view(),
        name="decide",
    ),
    path(
        "<slug:slug>/fasen/<int:pk>/<slug:move>/",
        phases.PhaseMoveView.as_view(),
        name="phase-move",
    ),
    path(
        "<slug:slug>/fasen/beoordelingen/",
        phases.AssessmentListView.as_view(),
        name="assessments",
    ),
    path(
        "<slug:slug>/fasen/beoordelingen/<int:pk>/",
        phases.AssessmentDetailView.as_view(),
        name="assessment-detail",
    ),
    path(
        "<slug:slug>/fasen/besluiten/<int:pk>/",
        phases.DecisionDetailView.as_view(),
        name="decision-detail",
    ),
    path(
        "<slug:slug>/fasen/besluiten/<int:pk>/bevestigen/",
        phases.DecisionConfirmView.as_view(),
        name="decision-confirm",
    ),
    path(
        "<slug:slug>/fasen/termijnen/",
        instalments.InstalmentListView.as_view(),
        name="instalments",
    ),
    path(
        "<slug:slug>/fasen/termijnen/<int:pk>/",
        instalments.InstalmentDetailView.as_view(),
        name="instalment-detail",
    ),
    path(
        "<slug:slug>/fasen/termijnen/<int:pk>/volgende/",
        instalments.InstalmentAdvanceView.as_view(),
        name="instalment-advance",
    ),
    path("<slug:slug>/fasen/aankoop/", instalments.PurchaseView.as_view(), name="purchase"),
    path(
        "<slug:slug>/fasen/aankoop/niveau/",
        instalments.LevelCreateView.as_view(),
        name="purchase-level",
    ),
    path(
        "<slug:slug>/fasen/aankoop/<int:party>/",
        instalments.PurchaseDecideView.as_view(),
        name="purchase-decide",
    ),
    path("<slug:slug>/fasen/rechten/", instalments.RightsListView.as_view(), name="rights"),
]
