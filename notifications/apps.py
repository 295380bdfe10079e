from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from notifications import kinds, tasks  # noqa: F401 - tasks: registers the names jobs.py enqueues

        kinds.register(*kinds.OWN_KINDS)
