from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from silajar.accounts.models import RolePolicy, User
from silajar.accounts.roles import Role
from silajar.accounts.services import PROFILE_FIELDS
from silajar.organizations.models import Organization

# an e-mail address may be 254 characters long (RFC 5321), a username at most 150
LOGIN_MAX_LENGTH = 254


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=LOGIN_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    remember_me = forms.BooleanField(label=_("Keep me signed in for 14 days"), required=False)

    error_messages = {
        "invalid_login": _(
            "The username/e-mail or password is wrong. Note that the password is case-sensitive."
        ),
        "inactive": _("This account is not active."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # AuthenticationForm sets the browser's limit to the username column's length (150)
        self.fields["username"].max_length = LOGIN_MAX_LENGTH
        self.fields["username"].widget.attrs["maxlength"] = str(LOGIN_MAX_LENGTH)


class OTPForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


class TOTPConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code shown by the app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordResetRequestForm(forms.Form):
    login = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class UserForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = User
        fields = list(PROFILE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(is_active=True)
        self.fields["organization"].help_text = _(
            "Required for agency users and operators: they see only this agency's records."
        )
        if self.instance.pk:
            self.fields["roles"].initial = sorted(self.instance.role_codes)
            self.fields["version"].initial = self.instance.version

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        roles = set(data.get("roles") or [])
        if roles & {Role.OPD_USER, Role.OPD_OPERATOR} and not data.get("organization"):
            self.add_error("organization", _("Agency users must belong to an agency."))
        return data


class RolePolicyForm(forms.ModelForm):
    class Meta:
        model = RolePolicy
        fields = ["require_two_factor"]


class ProfileForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = User
        fields = ["full_name", "nip", "rank", "phone", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


def validate_new_password(password: str, user: User) -> None:
    password_validation.validate_password(password, user)
