from django.urls import path

from .views import documents, workspace

app_name = "sharing"

urlpatterns = [
    path("<slug:slug>/", workspace.DashboardView.as_view(), name="dashboard"),
    path("<slug:slug>/deelnemers/", workspace.MembersView.as_view(), name="members"),
    path(
        "<slug:slug>/deelnemers/<int:party>/afvallen/",
        workspace.DropOutView.as_view(),
        name="party-drop-out",
    ),
    path("<slug:slug>/logboek/", workspace.AuditView.as_view(), name="audit"),
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
