from django.urls import path, reverse_lazy

from accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "password_change/",
        views.PasswordChangeView.as_view(success_url=reverse_lazy("home")),
        name="password_change",
    ),
    path("language/", views.set_language, name="set_language"),
    path("api-tokens/", views.api_tokens, name="api-tokens"),
    path("api-tokens/revoke/", views.api_token_revoke_view, name="api-token-revoke"),
]
