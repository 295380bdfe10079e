from django.apps import AppConfig


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"

    def ready(self) -> None:
        from accounts.roles import Role, grant
        from courses import (
            notices,
            tasks,  # noqa: F401 - registers the task names courses.jobs enqueues by
        )
        from notifications import kinds

        kinds.register(*notices.KINDS)

        # Reminder rules are data an admin edits (in Django admin).
        grant(
            Role.ADMIN,
            "courses.view_reminderrule",
            "courses.add_reminderrule",
            "courses.change_reminderrule",
            "courses.delete_reminderrule",
        )
