from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.area, name="area"),
    path("profile/", views.profile, name="profile"),
    path("lets-connect/", views.lets_connect, name="lets_connect"),
]
