from django.urls import path

from . import certificate_views

app_name = "certificates"

urlpatterns = [
    path("<str:code>/", certificate_views.verify, name="verify"),
]
