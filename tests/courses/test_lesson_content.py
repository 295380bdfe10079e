import pytest
from django.urls import reverse

from courses.content import TokenValues, render_markdown
from tests.factories import CourseFactory, LessonFactory

HOSTILE = [
    ("<script>alert(1)</script>", "<script"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ("[click](javascript:alert(1))", "javascript:"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
    ('<svg onload="alert(1)"></svg>', "onload"),
    ("<style>body{display:none}</style>", "<style"),
]


@pytest.mark.parametrize(("source", "forbidden"), HOSTILE)
def test_hostile_lessons_render_harmless(source, forbidden):
    html = render_markdown(f"Intro\n\n{source}\n\nOutro")
    assert forbidden not in html.lower()
    assert "Intro" in html and "Outro" in html


def test_the_allowed_markup_survives():
    html = render_markdown(
        "## Heading\n\n* one\n* two\n\n*em* **strong** `code`\n\n> quoted\n\n"
        "[link](https://example.org) ![alt text](https://example.org/x.png)"
    )
    for fragment in [
        "<h2>Heading</h2>",
        "<li>one</li>",
        "<em>em</em>",
        "<strong>strong</strong>",
        "<code>code</code>",
        "<blockquote>",
        'href="https://example.org"',
        'rel="nofollow noopener noreferrer"',
        'alt="alt text"',
    ]:
        assert fragment in html


def test_tokens_fill_in_per_session(settings):
    settings.ORG_HANDLE = "MayoClinic"
    html = render_markdown("Use {session.hashtag} and thank {org.handle}", TokenValues(hashtag="#tweetcamp3"))
    assert "#tweetcamp3" in html and "@MayoClinic" in html


@pytest.mark.django_db
def test_a_hostile_lesson_page_is_inert(client_for, employee):
    course = CourseFactory()
    lesson = LessonFactory(course=course, body='Hi <script>alert("x")</script> <img src=x onerror=alert(1)>')
    body = client_for(employee).get(reverse("courses:lesson-detail", args=[course.slug, lesson.pk])).content.decode()
    assert "<script>alert" not in body
    assert "onerror" not in body
