from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Department, User


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ["name", "code", "parent"]
    search_fields = ["name", "code"]
    list_filter = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):  # type: ignore[type-var]  # the stubs want an AbstractUser; ours is AbstractBaseUser
    ordering = ["display_name"]
    list_display = ["display_name", "email", "handle", "department", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups", "department"]
    search_fields = ["display_name", "email", "handle"]
    readonly_fields = ["last_login", "date_joined"]
    autocomplete_fields = ["department"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Profile",
            {"fields": ["display_name", "handle", "department", "time_zone", "language", "bio", "location", "website"]},
        ),
        ("Roles", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "handle", "password1", "password2"]})
    ]
    filter_horizontal = ["groups"]
