from django.apps import AppConfig


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"

    def ready(self) -> None:
        from accounts.roles import Role, grant
        from courses import (
            notices,
            permissions,
            tasks,  # noqa: F401 - registers the task names courses.jobs enqueues by
        )
        from notifications import kinds

        kinds.register(*notices.KINDS)

        grant(Role.ADMIN, *permissions.REMINDER_RULES)
