"""Hostile input through every form and query parameter: a form error or stored and shown inert, never a 500.

The walk opens each page that has a form, as the persona who may use it, types each
string of tests/hostile.py into every text field of every form on the page, submits,
and follows the redirect. Round-trip tests then check that what was stored is what
was typed (after the documented normalisation: surrounding whitespace trimmed in
one-line fields, CRLF stored as LF in posts, NUL refused).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from courses.models import Course, Drill, Lesson, PolicyVersion, Session
from practice.models import Post
from tests import hostile
from tests.scene import build_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(employee, colleague, outsider, trainer, manager, admin_user):
    people = {"employee": employee, "colleague": colleague, "outsider": outsider, "trainer": trainer}
    return build_scene(**people, manager=manager, admin_user=admin_user)


def pages(s) -> list[tuple[str | None, str]]:
    """(persona, URL) of every page with a form a person types into; None is anonymous."""
    return [
        (None, reverse("account_signup")),
        (None, reverse("account_login")),
        (None, reverse("account_reset_password")),
        ("employee", reverse("accounts:profile")),
        ("employee", reverse("practice:home")),
        ("employee", reverse("practice:compose")),
        ("employee", reverse("practice:compose") + f"?reply_to={s.post.pk}"),
        ("employee", reverse("practice:compose") + f"?quote_of={s.post.pk}"),
        ("employee", reverse("practice:feed", args=[s.session.feed_id])),
        ("employee", reverse("practice:search")),
        ("employee", reverse("courses:drill-detail", args=[s.drill.pk])),
        ("employee", reverse("courses:enrolment-detail", args=[s.enrolment.pk])),
        ("employee", reverse("notifications:preferences")),
        ("trainer", reverse("courses:course-create")),
        ("trainer", reverse("courses:course-edit", args=[s.course.slug])),
        ("trainer", reverse("courses:lesson-create", args=[s.course.slug])),
        ("trainer", reverse("courses:lesson-edit", args=[s.lesson.pk])),
        ("trainer", reverse("courses:session-create", args=[s.course.slug])),
        ("trainer", reverse("courses:session-edit", args=[s.session.pk])),
        ("trainer", reverse("courses:session-roster", args=[s.session.pk])),
        ("trainer", reverse("courses:enrolment-remove", args=[s.enrolment.pk])),
        ("trainer", reverse("courses:drill-create", args=[s.lesson.pk])),
        ("trainer", reverse("courses:drill-edit", args=[s.drill.pk])),
        ("trainer", reverse("courses:drill-submissions", args=[s.drill.pk])),
        ("trainer", reverse("practice:console", args=[s.session.feed_id])),
        ("trainer", reverse("practice:post-hide", args=[s.post.pk])),
        ("trainer", reverse("courses:session-cancel", args=[s.other_session.pk])),
        ("admin", reverse("courses:policy-create")),
        ("admin", reverse("accounts:people")),
        ("admin", reverse("accounts:department")),
        ("admin", reverse("accounts:person-roles", args=[s.people["colleague"].pk])),
        ("admin", reverse("courses:assignment-create")),
        ("admin", reverse("courses:assignment-edit", args=[s.assignment.pk])),
        ("admin", reverse("notifications:log")),
        ("admin", reverse("reports:dashboard")),
        ("admin", reverse("reports:people")),
        ("admin", reverse("reports:sessions")),
    ]


SKIP_ACTIONS = ("/accounts/logout/",)  # signing out mid-walk would end the walk, not test anything


def _check(response, value: str, where: str) -> None:
    assert response.status_code < 500, f"{response.status_code} from {where}"
    if response.get("Content-Type", "").startswith("text/html"):
        hostile.assert_inert(response.content.decode("utf-8", "replace"), value, where=where)


def walk(s, value: str) -> int:
    """Submit `value` through every text field of every form; returns how many forms were sent."""
    clients: dict[str | None, Client] = {}
    sent = 0
    for persona, url in pages(s):
        if persona not in clients:
            clients[persona] = Client(raise_request_exception=True)
            if persona:
                clients[persona].force_login(s.people[persona])
        client = clients[persona]
        page = client.get(url)
        _check(page, value, f"GET {url}")
        if page.status_code != 200:
            continue
        for form in hostile.forms_in(page.content.decode(), url):
            if not form.text_names or form.action.startswith(SKIP_ACTIONS):
                continue
            data = form.data(value)
            where = f"{form.method.upper()} {form.action} (from {url}, fields {form.text_names})"
            send = client.get if form.method == "get" else client.post
            response = send(form.action, data)
            _check(response, value, where)
            if response.status_code in (301, 302, 303) and response["Location"].startswith("/"):
                _check(client.get(response["Location"]), value, f"redirect after {where}")
            sent += 1
    return sent


@pytest.mark.parametrize("value", [v for _, v in hostile.CORPUS], ids=[k for k, _ in hostile.CORPUS])
def test_every_form_survives_hostile_input(scene, value):
    assert walk(scene, value) >= 30


@pytest.mark.parametrize("raw", [v for _, v in hostile.QUERY_STRINGS], ids=[k for k, _ in hostile.QUERY_STRINGS])
def test_every_query_parameter_survives_broken_bytes(scene, client, raw):
    urls = [
        (None, "/"),
        (None, reverse("account_login") + "?next="),
        ("employee", reverse("practice:search") + "?q="),
        ("employee", reverse("practice:home") + "?cursor="),
        ("employee", reverse("practice:home-poll") + "?since="),
        ("employee", reverse("practice:feed", args=[scene.session.feed_id]) + "?cursor="),
        ("employee", reverse("practice:mentions") + "?cursor="),
        ("employee", reverse("practice:compose") + "?reply_to="),
        ("employee", reverse("practice:compose") + "?text="),
        ("employee", reverse("courses:course-list") + "?page="),
        ("employee", reverse("notifications:list") + "?page="),
        ("admin", reverse("accounts:people") + "?q="),
        ("admin", reverse("accounts:people") + "?role="),
        ("admin", reverse("accounts:department") + "?q="),
        ("admin", reverse("notifications:log") + "?status="),
        ("admin", reverse("notifications:log") + "?q="),
        ("admin", reverse("reports:dashboard") + "?course="),
        ("admin", reverse("reports:people") + "?q="),
        ("admin", reverse("reports:people") + "?department="),
        ("admin", reverse("reports:sessions") + "?from="),
        ("trainer", reverse("courses:trainer-home") + "?q="),
    ]
    for persona, url in urls:
        if persona:
            client.force_login(scene.people[persona])
        response = client.get(url + raw)
        _check(response, "", f"GET {url}{raw[:20]}")


@pytest.mark.parametrize(
    "path",
    ["/feed/tags/%ff%fe/", "/feed/people/%c0%af/", "/courses/%ed%a0%80/", "/calendar/%ff.ics"],
)
def test_broken_bytes_in_the_path_are_an_answer_not_a_crash(scene, client_for, path):
    client = client_for(scene.people["employee"])
    response = client.get(path)
    assert response.status_code in (200, 400, 404)
    hostile.assert_inert(response.content.decode("utf-8", "replace"), where=path)


# The paths packed four to a line (fmt: skip below): one a line would bury the test under its table.
@pytest.mark.parametrize(
    "path",
    ["/verify/%00/", "/certificates/%00/", "/calendar/%00.ics", "/feed/people/%00/", "/feed/tags/a%00b/",
     "/notifications/unsubscribe/%00/", "/reports/exports/%00/", "/courses/x%00/"],
)  # fmt: skip
def test_a_nul_in_the_path_is_a_bad_request(scene, client_for, path):
    # PostgreSQL refuses NUL in text: without tweetcamp.middleware.RejectNulBytesMiddleware each was a 500 there.
    assert client_for(scene.people["admin"]).get(path).status_code == 400


# --- Round trips: what was typed is what was stored, and it is shown escaped ---------------------

ROUND_TRIP = [
    "<script>alert(1)</script>",
    '" onmouseover="alert(1)" x="',
    "' OR '1'='1' --",
    "%s {0} {{7*7}}",
    "\u202egnp.exe\u202c zero\u200bwidth",
    "Z\u0336\u0337\u0338\u0301",
    "👩‍👩‍👧‍👦 𝕳𝖔𝖘𝖕",
]


def stored_form(value: str) -> str:
    """The documented normalisation of one-line fields: surrounding whitespace is trimmed."""
    return value.strip()


@pytest.mark.parametrize("value", ROUND_TRIP)
def test_a_profile_round_trips(scene, client_for, value):
    employee = scene.people["employee"]
    client = client_for(employee)
    data = {
        "display_name": value,
        "handle": "erin",
        "time_zone": "UTC",
        "language": "en",
        "bio": value,
        "location": value[:30],
    }
    response = client.post(reverse("accounts:profile"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    employee.refresh_from_db()
    assert employee.display_name == stored_form(value)
    assert employee.bio == stored_form(value)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert escape(stored_form(value)) in page
    hostile.assert_inert(page, value)


@pytest.mark.parametrize("value", [*ROUND_TRIP, "two\r\nlines"])
def test_a_post_reply_and_quote_round_trip(scene, client_for, value):
    employee = scene.people["employee"]
    client = client_for(employee)
    feed = scene.session.feed_id
    for extra in ({}, {"reply_to": scene.post.pk}, {"quote_of": scene.post.pk}):
        response = client.post(reverse("practice:compose"), {"text": value, "feed": feed, **extra})
        assert response.status_code == 302
        post = Post.objects.filter(author=employee).latest("pk")
        assert post.text == value.replace("\r\n", "\n")
        page = client.get(reverse("practice:post", args=[post.pk])).content.decode()
        hostile.assert_inert(page, value)
        assert escape("gnp.exe") in page or "gnp.exe" not in value


@pytest.mark.parametrize("value", ROUND_TRIP)
def test_lesson_title_and_body_round_trip(scene, client_for, value):
    client = client_for(scene.people["trainer"])
    body = f"Intro\n\n{value}\n"
    response = client.post(
        reverse("courses:lesson-edit", args=[scene.lesson.pk]), {"title": value, "body": body, "status": "published"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lesson = Lesson.objects.get(pk=scene.lesson.pk)
    assert lesson.title == stored_form(value)
    assert lesson.body.replace("\r\n", "\n") == stored_form(body)
    learner = client_for(scene.people["employee"])
    page = learner.get(reverse("courses:lesson-detail", args=[scene.course.slug, lesson.pk])).content.decode()
    hostile.assert_inert(page, value)
    assert escape(stored_form(value)) in page


@pytest.mark.parametrize("value", ROUND_TRIP)
def test_drill_title_instructions_and_rubric_message_round_trip(scene, client_for, value):
    client = client_for(scene.people["trainer"])
    url = reverse("courses:drill-edit", args=[scene.drill.pk])
    form = next(f for f in hostile.forms_in(client.get(url).content.decode(), url) if "title" in f.text_names)
    data = form.data()
    data["title"] = [value]
    data["instructions"] = [value]
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert b"errorlist" in response.content
        return
    drill = Drill.objects.get(pk=scene.drill.pk)
    assert drill.title == stored_form(value)
    page = client_for(scene.people["employee"]).get(reverse("courses:drill-detail", args=[drill.pk]))
    hostile.assert_inert(page.content.decode(), value)


@pytest.mark.parametrize("value", ROUND_TRIP)
def test_course_session_and_policy_text_round_trip(scene, client_for, value):
    trainer = client_for(scene.people["trainer"])
    url = reverse("courses:course-edit", args=[scene.course.slug])
    form = next(f for f in hostile.forms_in(trainer.get(url).content.decode(), url) if "title" in f.text_names)
    data = form.data()
    data["title"], data["summary"] = [value], [value]
    assert trainer.post(url, data).status_code == 302
    assert Course.objects.get(pk=scene.course.pk).title == stored_form(value)

    url = reverse("courses:session-edit", args=[scene.session.pk])
    form = next(f for f in hostile.forms_in(trainer.get(url).content.decode(), url) if "title" in f.text_names)
    data = form.data()
    data["title"], data["location"] = [value], [value]
    assert trainer.post(url, data).status_code == 302
    session = Session.objects.get(pk=scene.session.pk)
    assert (session.title, session.location) == (stored_form(value), stored_form(value))
    page = client_for(scene.people["employee"]).get(reverse("courses:session-detail", args=[session.pk]))
    hostile.assert_inert(page.content.decode(), value)
    assert escape(stored_form(value)) in page.content.decode()

    admin = client_for(scene.people["admin"])
    response = admin.post(reverse("courses:policy-create"), {"title": value, "body": f"Rules\n\n{value}"})
    assert response.status_code == 302
    assert PolicyVersion.objects.latest("version").title == stored_form(value)
    page = client_for(scene.people["employee"]).get(reverse("courses:policy")).content.decode()
    hostile.assert_inert(page, value)


@pytest.mark.parametrize("field", ["display_name", "handle", "email"])
def test_sign_up_refuses_or_stores_hostile_names_inertly(client, field):
    for value in [v for _, v in hostile.CORPUS]:
        data = {
            "email": f"new{abs(hash(value)) % 10_000}@example.org",
            "password1": "a-long-enough-password-42",
            "password2": "a-long-enough-password-42",
            "display_name": "New Person",
            "handle": "newbie",
            "time_zone": "UTC",
        }
        data[field] = value
        response = client.post(reverse("account_signup"), data)
        _check(response, value, f"sign-up {field}")
        if response.status_code == 302:
            person = User.objects.get(email=data["email"])
            assert getattr(person, field) == stored_form(value)
            person.delete()
        client.logout()


def test_nul_is_refused_everywhere_it_is_typed(scene, client_for):
    client = client_for(scene.people["employee"])
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "a\x00b", "handle": "erin", "time_zone": "UTC", "language": "en"},
    )
    assert response.status_code == 200 and b"errorlist" in response.content
    response = client.post(reverse("practice:compose"), {"text": "a\x00b", "feed": scene.session.feed_id})
    assert response.status_code == 400
    assert not any("\x00" in text for text in Post.objects.values_list("text", flat=True))
