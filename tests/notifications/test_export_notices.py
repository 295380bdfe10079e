"""'Your export is ready' is a kind of its own: through the ledger, once per export, by the person's choice."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications import services
from notifications.models import Delivery, Notification
from reports import notices
from reports.tasks import notify_ready

pytestmark = pytest.mark.django_db

EXPORT_ID = "0123456789abcdef0123456789abcdef"


def ready(person, export_id=EXPORT_ID):
    return notify_ready(person=person, export_id=export_id, fmt="csv", kind="overdue")


def test_the_owner_gets_an_email_and_an_inbox_notice_with_the_download_link(employee):
    (delivery,) = ready(employee)
    assert (delivery.kind, delivery.key) == (notices.EXPORT_READY, f"export:{EXPORT_ID}")
    (message,) = mail.outbox
    assert message.to == [employee.email] and message.subject == "Your Tweet Camp export is ready"
    link = next(word for word in message.body.split() if "/reports/exports/" in word)
    assert "overdue export (CSV)" in message.body and link in message.alternatives[0][0]
    notice = Notification.objects.get(recipient=employee)
    assert notice.link == link[link.index("/reports/") :] and "ready to download" in notice.body
    # It can be turned off, so it carries the one-click unsubscribe headers like the others.
    assert message.extra_headers["List-Unsubscribe"] == f"<{services.unsubscribe_url(employee, 'export_ready')}>"


def test_a_second_run_of_the_export_task_tells_nobody_again(employee):
    assert len(ready(employee)) == 1
    assert ready(employee) == []
    assert len(mail.outbox) == 1 and Delivery.objects.filter(kind="export_ready").count() == 1
    assert len(ready(employee, export_id="f" * 32)) == 1  # another export is another notice


@pytest.mark.parametrize(
    ("channel", "emailed", "in_inbox", "status"),
    [("in_app", False, True, "sent"), ("email", True, False, "sent"), ("off", False, False, "skipped")],
)
def test_the_persons_channel_is_honoured(employee, channel, emailed, in_inbox, status):
    services.set_channel(person=employee, kind="export_ready", channel=channel)
    ready(employee)
    assert bool(mail.outbox) is emailed
    assert Notification.objects.filter(recipient=employee).exists() is in_inbox
    assert Delivery.objects.get(recipient=employee, kind="export_ready").status == status


def test_it_is_a_choice_on_the_preferences_page(client_for, employee):
    assert services.preferences_of(employee)["export_ready"] == "both"
    page = client_for(employee).get(reverse("notifications:preferences")).content.decode()
    assert "An export you asked for is ready" in page
