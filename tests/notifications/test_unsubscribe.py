"""One-click unsubscribe: no login, only that kind, tampered tokens refused with a clear page."""

import base64
import json

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from notifications import services

pytestmark = pytest.mark.django_db


def remind(person, key="submission:1"):
    notice = services.Notice(person=person, kind="drill_graded", key=key, context={"drill_title": "Reply", "score": 80})
    return services.notify([notice])


def test_every_email_carries_one_click_unsubscribe_headers_and_link(employee):
    remind(employee)
    (message,) = mail.outbox
    url = services.unsubscribe_url(employee, "drill_graded")
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body and url in message.alternatives[0][0]


def test_get_asks_and_post_unsubscribes_without_a_login_for_that_kind_only(employee):
    client = Client(enforce_csrf_checks=True)
    url = reverse("notifications:unsubscribe", args=[services.unsubscribe_token(employee, "drill_graded")])
    page = client.get(url)
    assert page.status_code == 200 and "A drill was graded" in page.content.decode()
    assert services.channel_for(employee, "drill_graded") == "both"  # a GET (a link scanner) changes nothing
    done = client.post(url, {"List-Unsubscribe": "One-Click"})  # RFC 8058: no session, no CSRF token
    assert done.status_code == 200 and "no more e-mails" in done.content.decode()
    assert services.channel_for(employee, "drill_graded") == "in_app"
    assert services.channel_for(employee, "session_reminder") == "both"
    remind(employee, key="submission:2")
    context = {"course": {"title": "Basics"}, "due_at": None}
    services.notify([services.Notice(person=employee, kind="course_overdue", key="course:1", context=context)])
    assert [m.subject for m in mail.outbox] == ["Overdue: Basics"]


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: t.replace(":", ".", 1), lambda t: "garbage"])
def test_a_tampered_token_is_refused_with_a_clear_page(employee, client, mangle):
    token = mangle(services.unsubscribe_token(employee, "drill_graded"))
    for response in (
        client.get(f"/notifications/unsubscribe/{token}/"),
        client.post(f"/notifications/unsubscribe/{token}/"),
    ):
        assert response.status_code == 400
        assert "This unsubscribe link does not work" in response.content.decode()
    assert services.channel_for(employee, "drill_graded") == "both"


def test_a_token_for_another_kind_cannot_be_made_by_editing_it(employee, client):
    _, stamp, signature = services.unsubscribe_token(employee, "drill_graded").split(":")
    payload = base64.urlsafe_b64encode(json.dumps([employee.pk, "feed_mention"]).encode()).decode().rstrip("=")
    assert client.post(f"/notifications/unsubscribe/{payload}:{stamp}:{signature}/").status_code == 400
    assert services.channel_for(employee, "feed_mention") == "in_app"


def test_cancellation_notices_have_no_unsubscribe_token(employee, client):
    forged = signing.dumps([employee.pk, "session_cancelled"], salt="wrong-salt")
    assert client.post(f"/notifications/unsubscribe/{forged}/").status_code == 400
    with pytest.raises(services.BadToken):
        services.read_unsubscribe_token(services.unsubscribe_token(employee, "session_cancelled"))
