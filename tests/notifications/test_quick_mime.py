"""The quicker MIME form of a notice is byte for byte what the standard library makes of it."""

import random
import string
from datetime import UTC, datetime
from email.policy import compat32

import pytest
from django.core.mail import EmailMultiAlternatives

from notifications.services import QUICK_FOLDING, Message

SUBJECTS = [
    "Reminder: Safe posting starts Mon 19 May, 16:00 BST",
    "Recordatorio: Publicar con cuidado empieza lun 19 may, 16:00 BST",  # non-ASCII: the standard fold
    "Reminder: " + "a very long course title " * 6,  # longer than a line: folded as before
    "Tom & Jerry <b>  two  spaces\tand a tab ",
]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_message_comes_out_as_the_standard_one_would(time_machine, subject):
    time_machine.move_to(datetime(2031, 5, 19, 15, 0, tzinfo=UTC), tick=False)
    html = "<p>Hello Zoë 李,</p><p>" + "A line of the reminder. " * 20 + "</p>"
    fields = {
        "subject": subject,
        "body": "Hello Zoë 李,\n\n" + "A line of the reminder.\n" * 20,
        "to": ["zoe@example.org"],
        "headers": {
            "Message-ID": "<delivery-1@camp.example>",
            "Auto-Submitted": "auto-generated",
            "List-Unsubscribe": "<https://camp.example/notifications/unsubscribe/WzQsInNlc3Npb24iXQ:1x:abc/>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }
    quick, standard = Message(**fields), EmailMultiAlternatives(**fields)
    for message in (quick, standard):
        message.attach_alternative(html, "text/html")
    quick_mime, standard_mime = quick.message(), standard.message()
    standard_mime.set_boundary(quick_mime.get_boundary())  # the one random part
    for linesep in ("\n", "\r\n"):  # the file and the SMTP backends
        assert quick_mime.as_bytes(linesep=linesep) == standard_mime.as_bytes(linesep=linesep)


def test_short_ascii_headers_fold_as_the_standard_policy_folds_them():
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits + "   \t<>@.,;:\"'()=-_/"
    for _ in range(20_000):
        name = rng.choice(["Subject", "To", "From", "List-Unsubscribe", "Message-ID"])
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90)))
        assert QUICK_FOLDING.fold_binary(name, value) == compat32.fold_binary(name, value)
