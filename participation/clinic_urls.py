from django.urls import path

from . import certificate_views, clinic_views

app_name = "clinics"

urlpatterns = [
    path("", clinic_views.mine, name="mine"),
    path("propose/", clinic_views.propose, name="propose"),
    path("<int:pk>/edit/", clinic_views.edit, name="edit"),
    path("<int:pk>/certificate/", certificate_views.hosting, name="certificate"),
]
