from django.apps import AppConfig
from django.db.models.signals import post_migrate


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
