"""Notices say what was written: "Live Q&A" reaches the subject line, the in-app line and the plain-text
e-mail as "Q&A", and each page that shows it escapes it exactly once."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from notifications.services import Notice, notify

pytestmark = pytest.mark.django_db

TITLE = 'Live Q&A: "Posting <safely>"'


def test_an_ampersand_stays_an_ampersand_from_the_notice_to_the_page(client_for, employee):
    employee.display_name = "Ana & Bo"
    employee.save(update_fields=["display_name"])
    context = {"drill_title": TITLE, "score": 100, "passed": True, "url": "https://tweetcamp.example.org/drills/1/"}
    notify([Notice(person=employee, kind="drill_graded", key="drill:1", context=context)])

    (message,) = mail.outbox
    assert message.subject == f"Graded: {TITLE}"
    assert TITLE in message.body and "Ana & Bo" in message.body and "&amp;" not in message.body
    assert "Live Q&amp;A: &quot;Posting &lt;safely&gt;&quot;" in message.alternatives[0][0]

    notice = Notification.objects.get(recipient=employee)
    assert notice.title == f"Graded: {TITLE}"
    page = client_for(employee).get(reverse("notifications:list")).content.decode()
    assert "Graded: Live Q&amp;A: &quot;Posting &lt;safely&gt;&quot;" in page
    assert "&amp;amp;" not in page and "<safely>" not in page
