from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User

USERNAME_LENGTH = User._meta.get_field("username").max_length


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta(auth_forms.UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email", "team", "role")


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta(auth_forms.UserChangeForm.Meta):
        model = User
        fields = "__all__"


class LoginForm(auth_forms.AuthenticationForm):
    """A username no account can have is refused like a wrong password, before
    the lockout bookkeeping (which could not store it) sees it."""

    def clean(self):
        if len(self.cleaned_data.get("username") or "") > USERNAME_LENGTH:
            raise self.get_invalid_login_error()
        return super().clean()


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Wrong old passwords count against the username like wrong sign-ins: the
    same limit locks both (django-axes)."""

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def _credentials(self):
        return {"username": self.user.get_username()}

    def clean_old_password(self):
        if AxesProxyHandler.is_locked(self.request, self._credentials()):
            # AxesMiddleware answers with the lockout page, as for a sign-in.
            self.request.axes_locked_out = True
            self.request.axes_credentials = self._credentials()
            raise ValidationError(
                _("Too many wrong passwords: try again later."), code="locked"
            )
        try:
            return super().clean_old_password()
        except ValidationError:
            user_login_failed.send(
                sender=type(self), credentials=self._credentials(), request=self.request
            )
            raise

    def clear_failures(self):
        AxesProxyHandler.reset_attempts(username=self.user.get_username())


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What will use it, e.g. “ERP sync” or “BI report”."),
    )
