from django.urls import path

from . import certificate_views, views

app_name = "participation"

urlpatterns = [
    path("<int:page_id>/", views.event, name="event"),
    path("<int:page_id>/places/", views.places, name="places"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("cancel/<str:token>/", views.cancel, name="cancel"),
    path("certificates/", certificate_views.mine, name="certificates"),
    path(
        "certificate/<str:token>/",
        certificate_views.participation,
        name="certificate",
    ),
]
