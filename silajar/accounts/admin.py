from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from silajar.accounts.models import RolePolicy, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Django admin, for superusers; day-to-day user management is the in-app Users page."""

    list_display = ["username", "full_name", "email", "organization", "is_active"]
    list_filter = ["is_active", "is_superuser", "groups"]
    search_fields = ["username", "full_name", "email", "nip"]
    ordering = ["full_name"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("Personal info"),
            {"fields": ["full_name", "email", "nip", "phone", "organization", "position"]},
        ),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "email", "full_name", "password1", "password2"],
            },
        ),
    ]


admin.site.register(RolePolicy)
