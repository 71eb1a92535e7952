from django.urls import path

from silajar.accounts.views import own, signin, users

app_name = "accounts"

urlpatterns = [
    path("login/", signin.login_view, name="login"),
    path("login/verify/", signin.login_verify_view, name="login_verify"),
    path("logout/", signin.logout_view, name="logout"),
    path("password/reset/", signin.password_reset_view, name="password_reset"),
    path("password/reset/sent/", signin.password_reset_sent_view, name="password_reset_sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        signin.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path("password/change/", signin.password_change_view, name="password_change"),
    path("profile/", own.profile_view, name="profile"),
    path("profile/signature/", own.signature_view, name="signature"),
    path("security/two-factor/", own.two_factor_setup_view, name="two_factor_setup"),
    path("security/two-factor/disable/", own.two_factor_disable_view, name="two_factor_disable"),
    path("security/recovery-codes/", own.recovery_codes_view, name="recovery_codes"),
    path("security/tokens/", own.api_tokens_view, name="api_tokens"),
    path("security/tokens/<int:pk>/revoke/", own.api_token_revoke_view, name="api_token_revoke"),
    path(
        "security/tokens/revoke-all/",
        own.api_tokens_revoke_all_view,
        name="api_tokens_revoke_all",
    ),
    path("users/", users.user_list_view, name="user_list"),
    path("users/new/", users.user_create_view, name="user_create"),
    path("users/<int:pk>/", users.user_detail_view, name="user_detail"),
    path("users/<int:pk>/edit/", users.user_edit_view, name="user_edit"),
    path("users/<int:pk>/<slug:action>/", users.user_action_view, name="user_action"),
    path("roles/", users.role_list_view, name="roles"),
]
