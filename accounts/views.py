from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages.views import SuccessMessageMixin
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms import LoginForm, PasswordChangeForm
from accounts.services import user_remember_language


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
    success_message = _("Your password has been changed.")

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
