from django.urls import path

from silajar.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify_view, name="login_verify"),
    path("logout/", views.logout_view, name="logout"),
    path("password/reset/", views.password_reset_view, name="password_reset"),
    path("password/reset/sent/", views.password_reset_sent_view, name="password_reset_sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path("password/change/", views.password_change_view, name="password_change"),
    path("profile/", views.profile_view, name="profile"),
    path("profile/signature/", views.signature_view, name="signature"),
    path("security/two-factor/", views.two_factor_setup_view, name="two_factor_setup"),
    path("security/two-factor/disable/", views.two_factor_disable_view, name="two_factor_disable"),
    path("security/recovery-codes/", views.recovery_codes_view, name="recovery_codes"),
    path("security/tokens/", views.api_tokens_view, name="api_tokens"),
    path("security/tokens/<int:pk>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
    path(
        "security/tokens/revoke-all/",
        views.api_tokens_revoke_all_view,
        name="api_tokens_revoke_all",
    ),
    path("users/", views.user_list_view, name="user_list"),
    path("users/new/", views.user_create_view, name="user_create"),
    path("users/<int:pk>/", views.user_detail_view, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit_view, name="user_edit"),
    path("users/<int:pk>/<slug:action>/", views.user_action_view, name="user_action"),
    path("roles/", views.role_list_view, name="roles"),
]
