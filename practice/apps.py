from django.apps import AppConfig


class PracticeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practice"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accounts import handles
        from notifications import kinds
        from practice import notices, selectors
        from practice.services.organisation import ensure_after_migrate

        kinds.register(*notices.KINDS)
        handles.register(selectors.persona_holds_handle)
        post_migrate.connect(ensure_after_migrate, sender=self, dispatch_uid="practice.ensure_organisation")
