from django.apps import AppConfig


class PracticeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practice"

    def ready(self) -> None:
        from notifications import kinds
        from practice import notices

        kinds.register(*notices.KINDS)
