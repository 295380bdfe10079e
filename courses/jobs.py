"""The courses work that services ask for, sent by task name once the transaction commits.

Services import this module, never ``courses.tasks`` (the tasks call the services); ``CoursesConfig.ready()``
imports the tasks so these names are registered. See ``core.jobs``.
"""

from __future__ import annotations

from core.jobs import enqueue_on_commit


def grade_submission(submission_id: int) -> None:
    """Grade the attempt (and other pending ones with it) once it is committed."""
    enqueue_on_commit("courses.tasks.grade_submission", submission_id)


def send_enrolment_update(event_id: int) -> None:
    """E-mail the person about this history event once it is committed."""
    enqueue_on_commit("courses.tasks.send_enrolment_update", event_id)
