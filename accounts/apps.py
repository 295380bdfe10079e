from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "People and roles"

    def ready(self) -> None:
        from accounts import services

        # Permissions only exist after migrate has created them, so the role
        # table is applied then (idempotently) rather than in the migration. It runs
        # after every app's post_migrate, so roles may name other apps' permissions.
        post_migrate.connect(services.sync_role_permissions_after_migrate, dispatch_uid="accounts-sync-roles")

        # Cached permission sets (accounts.backends) go out of date when a role or a person's roles change.
        from django.contrib.auth.models import Group, Permission

        from accounts.backends import forget_all, forget_people
        from accounts.models import User

        for through in (User.groups.through, User.user_permissions.through):
            m2m_changed.connect(forget_people, sender=through, dispatch_uid=f"accounts-perms-{through._meta.label}")
        m2m_changed.connect(forget_all, sender=Group.permissions.through, dispatch_uid="accounts-perms-roles")
        for model in (Group, Permission):
            post_delete.connect(forget_all, sender=model, dispatch_uid=f"accounts-perms-delete-{model._meta.label}")
