"""A post full to the last character with emoji is counted as X counts it, and posted."""

import pytest
from django.urls import reverse

from practice.models import Post
from tests.factories import world


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def test_270_letters_and_five_stars_show_zero_left_and_post(client_for, w):
    client = client_for(w.employee)
    text = "x" * 270 + "⭐\ufe0f" * 5
    counter = client.post(reverse("practice:count"), {"text": text}).content.decode()
    assert "0 characters left" in counter and "over the limit" not in counter
    assert client.post(reverse("practice:compose"), {"text": text, "feed": w.a.pk}).status_code == 302
    assert Post.objects.filter(text=text).exists()


def test_a_night_shift_sign_off_with_emoji_counts_two_per_emoji(client_for, w):
    text = "Night shift done ✌\ufe0f\U0001f3fb thank you team ❤\ufe0f\u200d"
    counter = client_for(w.employee).post(reverse("practice:count"), {"text": text}).content.decode()
    # 17 + ✌️🏻 2 + 16 + ❤️ 2 + a ZWJ that joins nothing 1 = 38
    assert f"{280 - 38} characters left" in counter
