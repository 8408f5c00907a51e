from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.views import bandwidth_switch, root_redirect, serve_page
from home import views as home_views
from members import urls as members_urls
from newsletter import urls as newsletter_urls
from participation import certificate_urls, clinic_urls
from participation import urls as participation_urls

handler500 = "ops.views.server_error"

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("readyz", home_views.readyz, name="readyz"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", home_views.sitemap_xml, name="sitemap"),
    path("admin/", include(wagtailadmin_urls)),
    path(
        "newsletter/",
        include(
            (newsletter_urls.email_urlpatterns, "newsletter"), namespace="newsletter"
        ),
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("", root_redirect, name="root"),
]

if settings.PORTAL_SERVE_MEDIA:
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns += i18n_patterns(
    path("search/", home_views.search, name="search"),
    path("bandwidth/", bandwidth_switch, name="bandwidth"),
    path("accounts/me/", include(members_urls)),
    path("accounts/", include("allauth.urls")),
    path("community/events/", include(participation_urls)),
    path("community/clinics/", include(clinic_urls)),
    path("community/certificates/", include(certificate_urls)),
    path(
        "",
        include(
            (newsletter_urls.localized_urlpatterns, "newsletter_localized"),
            namespace="newsletter_localized",
        ),
    ),
    # Pages, served from the language's home (core.views.serve_page); Wagtail's own
    # routes for private pages (`_util/`) after them.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
