from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages.views import SuccessMessageMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms import ApiTokenForm, LoginForm, PasswordChangeForm
from accounts.models import ApiToken
from accounts.services import (
    api_token_create,
    api_token_revoke,
    user_remember_language,
)
from kam.forms import plausible_id


def _set_language_cookie(response, language):
    """The same cookie Django's own language switch sets."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LoginView(auth_views.LoginView):
    """Sign-in that puts the user back in the language they chose last time.

    A user with no saved choice keeps the language they signed in with, and it is
    saved for them (their e-mails follow it).
    """

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        language = user.language or translation.get_language()
        user_remember_language(user=user, language=language)
        _set_language_cookie(response, language)
        return response


class LogoutView(auth_views.LogoutView):
    """Sign-out that also empties what this browser keeps for KAM: drafts typed on a
    shared phone, the service worker's cache (the page's script does the same where
    the browser ignores the header)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    success_message = gettext_lazy("Your password has been changed.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        form.clear_failures()
        return super().form_valid(form)


@login_not_required
@require_POST
def set_language(request):
    """Django's language switch, remembered on the user for later sessions and e-mails."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        user_remember_language(
            user=request.user, language=request.POST.get("language", "")
        )
    return response


def api_tokens(request):
    """The caller's personal API tokens: make one (shown on this answer only),
    see when each was last used, revoke one."""
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _row, new_token = api_token_create(
            user=request.user, name=form.cleaned_data["name"]
        )
        form = ApiTokenForm()
    response = render(
        request,
        "accounts/api_tokens.html",
        {
            "title": _("My API tokens"),
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )
    # The page with the token on it is not kept by any cache.
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def api_token_revoke_view(request):
    """Revoke one of the caller's tokens (``token``: its id); another's is not there."""
    pk = request.POST.get("token", "")
    if not plausible_id(pk):
        raise Http404
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(token=token)
    messages.success(
        request, _("The token %(name)s is revoked.") % {"name": token.name}
    )
    return redirect("api-tokens")
