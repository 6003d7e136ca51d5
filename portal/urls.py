from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from projects import views as project_views
from sharing.views import consultation as consultation_views
from sharing.views import demand as demand_authoring
from sharing.views import workspace as workspace_views

from . import demand_views, health, routing, views, visit_views
from .feeds import StoriesAndLessonsFeed
from .forms import LoginForm
from .sitemaps import SITEMAPS

urlpatterns = [
    path("healthz/", health.healthz, name="healthz"),
    path("zoeken/", views.search, name="search"),
    path("feed/", StoriesAndLessonsFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "kijkje/afmelden/<str:token>/",
        visit_views.VisitCancelView.as_view(),
        name="visit-cancel",
    ),
    path("vraagbundeling/", demand_views.demand_index, name="demand-index"),
    path("vraagbundeling/<int:pk>/", demand_views.demand_detail, name="demand-detail"),
    path(
        "vraagbundeling/kopersgroepen/<int:pk>/",
        demand_views.buyer_group_detail,
        name="buyer-group-detail",
    ),
    # Signed-in writing: authority members author needs and bundle them.
    path(
        "vraagbundeling/nieuw/",
        demand_authoring.DemandCreateView.as_view(),
        name="demand-create",
    ),
    path(
        "vraagbundeling/<int:pk>/bewerken/",
        demand_authoring.DemandEditView.as_view(),
        name="demand-edit",
    ),
    path(
        "vraagbundeling/<int:pk>/publiceren/",
        demand_authoring.DemandPublishView.as_view(),
        name="demand-publish",
    ),
    path(
        "vraagbundeling/<int:pk>/intrekken/",
        demand_authoring.DemandUnpublishView.as_view(),
        name="demand-unpublish",
    ),
    path(
        "vraagbundeling/<int:pk>/bundelen/",
        demand_authoring.BundleJoinView.as_view(),
        name="demand-bundle",
    ),
    path(
        "vraagbundeling/kopersgroepen/<int:pk>/partnerschap/",
        demand_authoring.BuyerGroupConvertView.as_view(),
        name="buyer-group-convert",
    ),
    # The market consultation, candidates' side (signed in, no workspace needed).
    path(
        "marktconsultatie/<slug:slug>/",
        consultation_views.CandidatePageView.as_view(),
        name="consultation-candidate",
    ),
    path(
        "marktconsultatie/<slug:slug>/aanmelden/",
        consultation_views.CandidateRegisterView.as_view(),
        name="consultation-register",
    ),
    path(
        "marktconsultatie/<slug:slug>/gelezen/",
        consultation_views.NoticesReadView.as_view(),
        name="consultation-notices-read",
    ),
    path(
        "marktconsultatie/<slug:slug>/vragen/",
        consultation_views.QuestionAskView.as_view(),
        name="consultation-ask",
    ),
    path(
        "marktconsultatie/<slug:slug>/nota/",
        consultation_views.NotaPrintView.as_view(),
        name="consultation-print",
    ),
    path(
        "marktconsultatie/<slug:slug>/nota.csv",
        consultation_views.NotaCsvView.as_view(),
        name="consultation-csv",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("cms-documenten/", include(wagtaildocs_urls)),
    # No CSRF token: the language form is on every public page, and a token
    # would make each of them uncacheable (portal.pagecache). Forging this POST
    # only switches the victim's interface language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path(
        "accounts/uitnodiging/<uidb64>/<token>/",
        project_views.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("werkruimte/", workspace_views.WorkspaceListView.as_view(), name="workspace-home"),
    path("werkruimte/", include("sharing.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's serve view with routing kept in the process (portal.routing); same
    # pattern and name, listed first, so page URLs reverse to it.
    re_path(r"^((?:[\w\-]+/)*)$", routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
