"""Newsletter URLs. The links that emails carry are language-neutral and token-based,
so they keep working across deploys and when a subscriber changes language."""

from django.urls import path

from .views import subscriptions, tracking

# Mounted at /newsletter/, outside the language prefixes.
email_urlpatterns = [
    path("confirm/<str:signed>/", subscriptions.confirm, name="confirm"),
    path("preferences/<str:token>/", subscriptions.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("c/<str:signed>/", tracking.click, name="click"),
    path("bounces/", tracking.bounces, name="bounces"),
]

# Mounted inside i18n_patterns: /<lang>/subscribe/ takes the language of its prefix.
localized_urlpatterns = [
    path("subscribe/", subscriptions.subscribe, name="subscribe"),
    path("subscribe/member/", subscriptions.member_subscribe, name="member_subscribe"),
]
