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
from sharing.views import workspace as workspace_views

from . import health, routing, views, visit_views
from .feeds import StoriesAndLessonsFeed
from .forms import LoginForm
from .sitemap import PublicSitemap

urlpatterns = [
    path("healthz/", health.healthz, name="healthz"),
    path("zoeken/", views.search, name="search"),
    path("feed/", StoriesAndLessonsFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PublicSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "kijkje/afmelden/<str:token>/",
        visit_views.VisitCancelView.as_view(),
        name="visit-cancel",
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
