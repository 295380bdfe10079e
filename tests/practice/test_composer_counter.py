"""The composer without a browser: the server's refusal reads right in both languages, every composer (post,
reply, quote, drill attempt) carries the counter, and a refused text comes back with its error to fix.
The counter itself is exercised in Chromium by tests/e2e/test_composer_count.py."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from courses.services import enrolment as enrolment_services
from practice import services
from practice.models import Post
from practice.services import text as post_text
from tests.factories import LessonFactory, SessionFactory, world
from tests.factories.drills import DrillFactory

pytestmark = pytest.mark.django_db

NEAR = (
    "Handover moves to 07:30 in the day room from Monday 🕢 Bring your patient lists and the updated falls charts. "
    "Thanks to the night team for trialling it and for all the feedback on the new format so far, it really "
    "helped us get it right. Questions to Sister Okafor on the ward or by email, any time this week please"
)


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def _over_by(n: int) -> str:
    """A staff post that ends in a hashtag taking it exactly `n` characters past the limit."""
    words = NEAR.split(" ")
    base = next(" ".join(words[:k]) for k in range(len(words), 0, -1) if post_text.count(" ".join(words[:k]))[0] > 0)
    tag = " #HandoverAt0730FromMonday"
    return next(base + tag[:k] for k in range(2, len(tag) + 1) if post_text.count(base + tag[:k])[0] == -n)


@pytest.mark.parametrize(
    ("over", "language", "message"),
    [
        (1, "en", "Your post is 1 character too long."),
        (2, "en", "Your post is 2 characters too long."),
        (1, "es", "A tu publicación le sobra 1 carácter."),
        (2, "es", "A tu publicación le sobran 2 caracteres."),
    ],
)
def test_a_refused_post_says_how_many_characters_too_long_in_good_grammar(client_for, w, over, language, message):
    w.employee.language = language
    w.employee.save(update_fields=["language"])
    text = _over_by(over)
    response = client_for(w.employee).post(reverse("practice:compose"), {"text": text, "feed": w.a.pk})
    body = response.content.decode()
    assert response.status_code == 400 and message in body
    assert "1 characters" not in body and "1 caracteres" not in body
    # The text comes back to be fixed, marked invalid, with the error the counter script clears on editing.
    assert 'aria-invalid="true"' in body and "data-composer-error" in body
    assert not Post.objects.exists()


def test_every_composer_carries_the_counter(client_for, w):
    original = services.create_post(user=w.colleague, feed=w.a, text="Who is on the rota for Sunday?")
    session = SessionFactory(hashtag="#WardSeven")
    enrolment_services.enrol(person=w.employee, session=session)
    drill = DrillFactory(lesson=LessonFactory(course=session.course))
    client = client_for(w.employee)
    for url in (
        reverse("practice:home"),
        reverse("practice:compose"),
        reverse("practice:post", args=[original.pk]),
        reverse("practice:compose") + f"?quote_of={original.pk}",
        reverse("courses:drill-detail", args=[drill.pk]),
    ):
        body = client.get(url).content.decode()
        assert body.count("data-composer-meter") == 1, url
        assert "data-composer-submit" in body and "data-composer-text" in body, url
        assert 'data-left-other="99999 characters left"' in body, url
        assert 'data-over-one="1 character over the limit"' in body, url


def test_the_counters_script_and_library_come_from_this_site(client_for, w):
    body = client_for(w.employee).get(reverse("practice:home")).content.decode()
    scripts = re.search(r'data-composer-scripts="([^"]*)"', body)
    assert scripts is not None
    library, script = scripts.group(1).split(" ")
    assert library.startswith("/static/vendor/twitter-text-3.1.0") and script.startswith("/static/js/composer")
    library = finders.find("vendor/twitter-text-3.1.0.min.js")
    assert library is not None
    with open(library, encoding="utf-8") as handle:
        assert "window.twttr.txt" in handle.read().replace(" ", "")


def test_a_drill_attempt_past_the_limit_comes_back_with_its_text_and_the_reason(client_for, employee):
    session = SessionFactory(hashtag="#WardSeven")
    enrolment_services.enrol(person=employee, session=session)
    drill = DrillFactory(lesson=LessonFactory(course=session.course))
    text = _over_by(3) + " #WardSeven"
    response = client_for(employee).post(reverse("courses:drill-attempt", args=[drill.pk]), {"text": text})
    body = response.content.decode()
    assert "Your post is 14 characters too long." in body and "data-composer-error" in body
    assert text in body
