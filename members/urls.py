from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.area, name="area"),
    path("profile/", views.profile, name="profile"),
    path("lets-connect/", views.lets_connect, name="lets_connect"),
    path("group/", views.group_profile, name="group"),
    path("skills/propose/", views.propose_skill, name="propose_skill"),
    path("data/", views.my_data, name="data"),
    path("erase/", views.erase, name="erase"),
    path("connections/", views.connections_list, name="connections"),
    path("connections/<int:pk>/feedback/", views.feedback, name="feedback"),
    path(
        "connections/<int:pk>/<slug:action>/",
        views.connection_action,
        name="connection_action",
    ),
]
