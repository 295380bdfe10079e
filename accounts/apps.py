from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "People and roles"

    def ready(self) -> None:
        from accounts import services

        # Permissions only exist after migrate has created them, so the role
        # table is applied then (idempotently) rather than in the migration.
        post_migrate.connect(services.sync_role_permissions_after_migrate, sender=self)
