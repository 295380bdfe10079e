"""Every trainer and admin page, for every persona.

Course authoring needs accounts.author_content (any trainer); session pages need
accounts.run_sessions and the session itself must be one the person trains
(others get 404), unless they are an admin; the policy page is for admins.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from accounts.roles import Role
from courses.models import Enrolment
from courses.services.enrolment import enrol
from tests.factories import CourseFactory, LessonFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@dataclass
class World:
    course_slug: str
    lesson_pk: int
    session_pk: int
    enrolment_pk: int


@pytest.fixture
def world(trainer, colleague) -> World:
    course = CourseFactory(status="draft")
    lesson = LessonFactory(course=course)
    session = SessionFactory(course=CourseFactory(), trainers=[trainer])
    enrolment = enrol(person=colleague, session=session)
    return World(course.slug, lesson.pk, session.pk, enrolment.pk)


@pytest.fixture
def other_trainer(db):
    return UserFactory(display_name="Tara Other", handle="tara", roles=[Role.TRAINER])


# (url name, method, how to build its args, who may use it: "author", "session", "runner" or "admin")
VIEWS = [
    ("trainer-home", "get", lambda w: [], "runner"),
    ("course-create", "get", lambda w: [], "author"),
    ("course-edit", "get", lambda w: [w.course_slug], "author"),
    ("lesson-create", "get", lambda w: [w.course_slug], "author"),
    ("lesson-edit", "get", lambda w: [w.lesson_pk], "author"),
    ("lesson-preview", "post", lambda w: [], "author"),
    ("lesson-move", "post", lambda w: [w.lesson_pk], "author"),
    ("session-create", "get", lambda w: [w.course_slug], "runner"),
    ("session-edit", "get", lambda w: [w.session_pk], "session"),
    ("session-cancel", "get", lambda w: [w.session_pk], "session"),
    ("session-roster", "get", lambda w: [w.session_pk], "session"),
    ("roster-csv", "get", lambda w: [w.session_pk], "session"),
    ("enrolment-remove", "get", lambda w: [w.enrolment_pk], "session"),
    ("enrolment-attendance", "post", lambda w: [w.enrolment_pk], "session"),
    ("policy-create", "get", lambda w: [], "admin"),
]

# What each persona gets, by kind of view: "ok" is 200 for a page, a redirect back for a POST action.
EXPECTED = {
    "employee": {"author": 403, "runner": 403, "session": 403, "admin": 403},
    "trainer": {"author": "ok", "runner": "ok", "session": "ok", "admin": 403},
    "other_trainer": {"author": "ok", "runner": "ok", "session": 404, "admin": 403},
    "admin_user": {"author": "ok", "runner": "ok", "session": "ok", "admin": "ok"},
}

VIEW_IDS = [name for name, *_ in VIEWS]


def _request(client, method, url):
    data = {"body": "Hello", "direction": "down", "attended": "yes"} if method == "post" else None
    return getattr(client, method)(url, data)


@pytest.mark.parametrize(("name", "method", "args", "kind"), VIEWS, ids=VIEW_IDS)
@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_persona_gets_what_the_role_allows(request, client, world, name, method, args, kind, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = _request(client, method, reverse(f"courses:{name}", args=args(world)))
    expected = EXPECTED[persona][kind]
    if expected == "ok":
        # A page (and the preview fragment) answers 200; an action redirects back to its page.
        assert response.status_code == (200 if method == "get" or name == "lesson-preview" else 302)
        if response.status_code == 302:
            assert not response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("name", "method", "args", "kind"), VIEWS, ids=VIEW_IDS)
def test_anonymous_people_are_sent_to_sign_in(client, world, name, method, args, kind):
    url = reverse(f"courses:{name}", args=args(world))
    response = _request(client, method, url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_manager_cannot_author_or_run_sessions(client_for, manager, world):
    client = client_for(manager)
    assert client.get(reverse("courses:course-create")).status_code == 403
    assert client.get(reverse("courses:session-roster", args=[world.session_pk])).status_code == 403


def test_a_trainer_not_running_a_session_cannot_act_on_its_people(client_for, other_trainer, world):
    client = client_for(other_trainer)
    response = client.post(reverse("courses:enrolment-remove", args=[world.enrolment_pk]), {"note": "x"})
    assert response.status_code == 404
    assert Enrolment.objects.get(pk=world.enrolment_pk).status == Enrolment.Status.ENROLLED


def test_a_trainer_sees_only_their_own_sessions_on_the_trainer_home(client_for, trainer, other_trainer, world):
    SessionFactory(title="Someone else's session", trainers=[other_trainer])
    body = client_for(trainer).get(reverse("courses:trainer-home")).content.decode()
    assert "Someone else&#x27;s session" not in body and "Someone else's session" not in body


def test_the_admin_sees_every_session_on_the_trainer_home(client_for, admin_user, other_trainer, world):
    SessionFactory(title="Tara's session", trainers=[other_trainer])
    body = client_for(admin_user).get(reverse("courses:trainer-home")).content.decode()
    assert "Tara&#x27;s session" in body
