"""Data rights: a person downloads their own data; an admin anonymises someone who has left."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from courses.models import CalendarFeed, Completion, Enrolment, Submission
from courses.services import enrolment as enrolment_services
from notifications.models import Delivery, Notification
from practice import services as practice
from practice.models import Post
from tests.factories import DeliveryFactory, NotificationFactory, SessionFactory
from tests.factories.assignments import complete, drill_for, graded, rule
from tweetcamp import privacy

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(employee, colleague):
    """The employee enrolled, posted, was graded, completed and was notified; a colleague did too."""
    session = SessionFactory(title="Morning session")
    enrolment = enrolment_services.enrol(person=employee, session=session)
    enrolment_services.enrol(person=colleague, session=session)
    post = practice.create_post(user=employee, feed=session.feed, text="Hello #TweetCamp from the ward")
    practice.create_post(user=colleague, feed=session.feed, text="Colleague's own words")
    drill = drill_for(session.course, title="Use the hashtag")
    graded(drill, employee, session, score=100, results=[rule("Hashtag", True)])
    completion = complete(employee, session.course)
    NotificationFactory(recipient=employee, title="Your session starts soon")
    DeliveryFactory(recipient=employee, subject="Reminder for Erin", body_text="Dear Erin Employee")
    CalendarFeed.objects.create(user=employee)
    EmailAddress.objects.create(user=employee, email=employee.email, verified=True, primary=True)
    return {"session": session, "enrolment": enrolment, "post": post, "completion": completion}


def download(client):
    response = client.get(reverse("privacy-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="tweetcamp-erin-')
    return json.loads(response.content)


def test_a_person_downloads_their_own_data(client_for, employee, history):
    data = download(client_for(employee))
    assert data["format"] == "tweetcamp-personal-data"
    assert data["profile"]["email"] == employee.email
    assert data["profile"]["handle"] == "erin"
    assert [e["session"] for e in data["enrolments"]] == ["Morning session"]
    assert data["enrolments"][0]["status"] == Enrolment.Status.ENROLLED
    assert [p["text"] for p in data["posts"]] == ["Hello #TweetCamp from the ward"]
    assert data["drill_attempts"][0]["drill"] == "Use the hashtag"
    assert data["drill_attempts"][0]["grades"][0]["score"] == 100
    assert data["completions"][0]["certificate_code"] == history["completion"].certificate_code
    assert [n["title"] for n in data["notifications"]["inbox"]] == ["Your session starts soon"]
    assert data["notifications"]["deliveries"][0]["subject"] == "Reminder for Erin"


def test_the_download_holds_nobody_elses_data(client_for, employee, colleague, history):
    body = client_for(employee).get(reverse("privacy-export")).content.decode()
    assert "Colleague's own words" not in body
    assert colleague.email not in body


def test_the_download_needs_sign_in_and_is_linked_from_the_profile(client, client_for, employee):
    response = client.get(reverse("privacy-export"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    profile = client_for(employee).get(reverse("accounts:profile")).content.decode()
    assert reverse("privacy-export") in profile


def test_the_download_is_not_cached(client_for, employee):
    response = client_for(employee).get(reverse("privacy-export"))
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_admin_anonymises_a_departed_person(client_for, admin_user, employee, history):
    client = client_for(admin_user)
    page = client.get(reverse("privacy-anonymise", args=[employee.pk]))
    assert page.status_code == 200
    assert b"cannot be undone" in page.content
    response = client.post(reverse("privacy-anonymise", args=[employee.pk]), {"confirm": "on"})
    assert response.status_code == 302

    employee.refresh_from_db()
    assert employee.display_name == privacy.FORMER_NAME
    assert employee.handle == f"former_{employee.pk}"
    assert employee.email == f"former-{employee.pk}@anonymised.invalid"
    assert (employee.bio, employee.location, employee.website) == ("", "", "")
    assert not employee.is_active
    assert not employee.has_usable_password()
    assert not EmailAddress.objects.filter(user=employee).exists()
    assert not CalendarFeed.objects.filter(user=employee).exists()
    assert not Notification.objects.filter(recipient=employee).exists()
    delivery = Delivery.objects.get(recipient=employee)
    assert (delivery.subject, delivery.body_text) == ("", "")


def test_anonymising_keeps_what_reports_count(admin_user, employee, history):
    privacy.anonymise(person=employee, actor=admin_user)
    assert Enrolment.objects.filter(user=employee, status=Enrolment.Status.ENROLLED).count() == 1
    assert Submission.objects.filter(user=employee, score=100).count() == 1
    assert Completion.objects.filter(user=employee).count() == 1
    post = Post.objects.get(pk=history["post"].pk)
    assert post.author_id == employee.pk
    assert post.text == "Hello #TweetCamp from the ward"


def test_the_feed_shows_a_former_staff_member(client_for, admin_user, employee, colleague, history):
    privacy.anonymise(person=employee, actor=admin_user)
    body = client_for(colleague).get(reverse("practice:post", args=[history["post"].pk])).content.decode()
    assert "Former staff member" in body
    assert "Erin Employee" not in body


def test_reports_still_open_after_anonymising(client_for, admin_user, employee, history):
    privacy.anonymise(person=employee, actor=admin_user)
    client = client_for(admin_user)
    for name in ("reports:people", "reports:sessions"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert b"Erin Employee" not in response.content


def test_the_pseudonyms_are_stable(employee):
    assert privacy.pseudonyms(employee) == privacy.pseudonyms(employee)


def test_an_anonymised_person_cannot_sign_in(client, admin_user, employee):
    employee.set_password("a-long-password-123")
    employee.save()
    privacy.anonymise(person=employee, actor=admin_user)
    response = client.post(
        reverse("account_login"), {"login": f"former-{employee.pk}@anonymised.invalid", "password": "x"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_signed_in_session_ends_when_anonymised(client_for, admin_user, employee):
    client = client_for(employee)
    assert client.get(reverse("accounts:profile")).status_code == 200
    privacy.anonymise(person=employee, actor=admin_user)
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_admins_cannot_anonymise_themselves_or_twice(client_for, admin_user, employee):
    with pytest.raises(privacy.CannotAnonymise):
        privacy.anonymise(person=admin_user, actor=admin_user)
    privacy.anonymise(person=employee, actor=admin_user)
    with pytest.raises(privacy.CannotAnonymise):
        privacy.anonymise(person=employee, actor=admin_user)
    response = client_for(admin_user).post(reverse("privacy-anonymise", args=[admin_user.pk]), {"confirm": "on"})
    assert response.status_code == 200
    assert b"cannot anonymise yourself" in response.content


def test_the_confirmation_is_required(client_for, admin_user, employee):
    response = client_for(admin_user).post(reverse("privacy-anonymise", args=[employee.pk]), {})
    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.is_active


@pytest.mark.parametrize("persona", ["employee", "trainer", "manager"])
def test_only_admins_may_anonymise(client_for, request, employee, colleague, persona):
    user = request.getfixturevalue(persona)
    for method in ("get", "post"):
        response = getattr(client_for(user), method)(reverse("privacy-anonymise", args=[colleague.pk]))
        assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_active
