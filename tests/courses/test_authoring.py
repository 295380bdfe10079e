"""Trainers author courses and lessons: forms, ordering, and lesson text that renders harmless and as previewed."""

from datetime import UTC, datetime

import lxml.html
import pytest
from django.urls import reverse

from courses import authoring
from courses.models import Course, Lesson
from tests.factories import CourseFactory, LessonFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)

COURSE_POST = {
    "title": "Posting safely",
    "slug": "posting-safely",
    "summary": "How to post about work without regrets.",
    "cover_text": "Welcome!",
    "status": "draft",
    "estimated_minutes": "45",
    "require_lessons": "on",
    "require_attendance": "on",
    "require_policy": "on",
}


# Courses


def test_a_trainer_creates_a_draft_course_and_lands_on_its_page(client_for, trainer):
    response = client_for(trainer).post(reverse("courses:course-create"), COURSE_POST)
    course = Course.objects.get(slug="posting-safely")
    assert response.url == reverse("courses:course-edit", args=[course.slug])
    assert course.status == "draft" and course.created_by == trainer
    assert course.require_lessons and not course.require_drills


def test_a_taken_slug_is_a_form_error(client_for, trainer):
    CourseFactory(slug="posting-safely")
    response = client_for(trainer).post(reverse("courses:course-create"), COURSE_POST)
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert Course.objects.filter(slug="posting-safely").count() == 1


def test_the_slug_new_is_kept_for_the_create_page(client_for, trainer):
    response = client_for(trainer).post(reverse("courses:course-create"), {**COURSE_POST, "slug": "new"})
    assert "slug" in response.context["form"].errors


def test_the_service_names_a_taken_slug(trainer):
    CourseFactory(slug="taken")
    course = CourseFactory(slug="mine")
    details = authoring.CourseDetails(**{**_details(course), "slug": "taken"})
    with pytest.raises(authoring.SlugTaken) as error:
        authoring.update_course(course=course, details=details, actor=trainer)
    assert error.value.field == "slug"


def _details(course):
    return {name: getattr(course, name) for name in authoring.CourseDetails.__dataclass_fields__}


def test_editing_a_course_publishes_it_and_keeps_its_links_right_on_error(client_for, trainer):
    course = CourseFactory(slug="old-slug", status="draft")
    client = client_for(trainer)
    bad = client.post(reverse("courses:course-edit", args=["old-slug"]), {**COURSE_POST, "slug": "Not a slug!"})
    assert bad.status_code == 200
    assert reverse("courses:lesson-create", args=["old-slug"]) in bad.content.decode()
    good = client.post(reverse("courses:course-edit", args=["old-slug"]), {**COURSE_POST, "status": "published"})
    assert good.url == reverse("courses:course-edit", args=["posting-safely"])
    course.refresh_from_db()
    assert course.is_published and course.title == "Posting safely"


def test_the_trainer_home_lists_drafts_with_their_lesson_counts(client_for, trainer):
    course = CourseFactory(title="Draft course", status="draft")
    LessonFactory.create_batch(3, course=course)
    page = client_for(trainer).get(reverse("courses:trainer-home"))
    body = page.content.decode()
    assert "Draft course" in body
    listed = next(c for c in page.context["courses"] if c.pk == course.pk)
    assert listed.lesson_count == 3


# Lessons


def test_a_new_lesson_goes_to_the_end_of_the_course(client_for, trainer):
    course = CourseFactory()
    LessonFactory(course=course, position=4)
    response = client_for(trainer).post(
        reverse("courses:lesson-create", args=[course.slug]),
        {"title": "Hashtags", "body": "Use {session.hashtag}.", "status": "published", "action": "save"},
    )
    lesson = Lesson.objects.get(title="Hashtags")
    assert response.url == reverse("courses:lesson-edit", args=[lesson.pk])
    assert lesson.position == 5


def test_the_preview_button_without_javascript_shows_the_preview_and_saves_nothing(client_for, trainer):
    course = CourseFactory()
    response = client_for(trainer).post(
        reverse("courses:lesson-create", args=[course.slug]),
        {"title": "Draft", "body": "## Be kind\n\n*Always*.", "status": "draft", "action": "preview"},
    )
    assert response.status_code == 200
    preview = _element(response, "lesson-preview")
    assert preview.xpath(".//h2[text()='Be kind']") and preview.xpath(".//em[text()='Always']")
    assert not Lesson.objects.filter(course=course).exists()
    # The form keeps what was typed.
    assert "## Be kind" in response.content.decode()


def test_editing_a_lesson_saves_it(client_for, trainer):
    lesson = LessonFactory(title="Old", body="Old body")
    response = client_for(trainer).post(
        reverse("courses:lesson-edit", args=[lesson.pk]),
        {"title": "New", "body": "New body", "status": "draft", "action": "save"},
    )
    assert response.url == reverse("courses:lesson-edit", args=[lesson.pk])
    lesson.refresh_from_db()
    assert (lesson.title, lesson.body, lesson.status) == ("New", "New body", "draft")


def test_a_lesson_without_a_title_is_a_form_error(client_for, trainer):
    lesson = LessonFactory(title="Keep me")
    response = client_for(trainer).post(
        reverse("courses:lesson-edit", args=[lesson.pk]), {"title": "", "body": "x", "status": "draft"}
    )
    assert "title" in response.context["form"].errors
    assert "<h1>Keep me</h1>" in response.content.decode()


def test_lessons_move_up_and_down(client_for, trainer):
    course = CourseFactory()
    first, second, third = (
        LessonFactory(course=course, title=t, position=p) for t, p in [("A", 0), ("B", 1), ("C", 1)]
    )
    client = client_for(trainer)
    response = client.post(reverse("courses:lesson-move", args=[third.pk]), {"direction": "up"})
    assert response.url == reverse("courses:course-edit", args=[course.slug]) + "#lessons"
    assert [lesson.title for lesson in Lesson.objects.filter(course=course)] == ["A", "C", "B"]
    client.post(reverse("courses:lesson-move", args=[first.pk]), {"direction": "down"})
    assert [lesson.title for lesson in Lesson.objects.filter(course=course)] == ["C", "A", "B"]
    assert list(Lesson.objects.filter(course=course).values_list("position", flat=True)) == [0, 1, 2]


def test_moving_the_first_lesson_up_is_a_message_not_an_error(client_for, trainer):
    lesson = LessonFactory(title="Only")
    response = client_for(trainer).post(
        reverse("courses:lesson-move", args=[lesson.pk]), {"direction": "up"}, follow=True
    )
    assert "already the first lesson" in response.content.decode()
    bad = client_for(trainer).post(reverse("courses:lesson-move", args=[lesson.pk]), {"direction": "sideways"})
    assert bad.status_code == 302


def test_the_course_page_names_the_move_buttons_by_lesson(client_for, trainer):
    course = CourseFactory()
    LessonFactory(course=course, title="Hashtags", position=0)
    LessonFactory(course=course, title="Replies", position=1)
    body = client_for(trainer).get(reverse("courses:course-edit", args=[course.slug])).content.decode()
    assert 'aria-label="Move Hashtags down"' in body and 'aria-label="Move Replies up"' in body


# Lesson content is harmless, and the preview is the saved page

HOSTILE = """## Hello

<script>alert("script")</script>

<img src="x.png" onerror="alert('img')">

[click me](javascript:alert('link'))

<a href="JaVaScRiPt:alert(1)">shouty link</a>

<iframe src="https://evil.example/"></iframe>

<p onclick="alert('p')" style="color:red">styled</p>

<svg onload="alert('svg')"></svg>
"""


def _element(response, element_id):
    return lxml.html.fromstring(response.content.decode()).get_element_by_id(element_id)


def assert_harmless(element):
    """No script, frames or event handlers, and no link or image that runs code."""
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue  # comments
        assert node.tag not in {"script", "iframe", "object", "embed", "style", "svg", "form"}, node.tag
        for name, value in node.attrib.items():
            assert not name.lower().startswith("on"), name
            assert name != "style"
            if name in {"href", "src"}:
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), value
    text = lxml.html.tostring(element, encoding="unicode")
    assert "<script" not in text and "javascript:" not in text.lower()


def test_the_htmx_preview_renders_hostile_markdown_harmless(client_for, trainer):
    response = client_for(trainer).post(reverse("courses:lesson-preview"), {"body": HOSTILE}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body  # a fragment, not a page
    fragment = lxml.html.fragment_fromstring(body)
    assert fragment.get("id") == "lesson-preview"
    assert_harmless(fragment)
    assert fragment.xpath(".//h2[text()='Hello']")


def test_a_saved_hostile_lesson_renders_harmless_and_exactly_like_its_preview(client_for, trainer):
    lesson = LessonFactory(body="placeholder")
    client = client_for(trainer)
    client.post(
        reverse("courses:lesson-edit", args=[lesson.pk]),
        {"title": "Hostile", "body": HOSTILE, "status": "published", "action": "save"},
    )
    saved_page = client.get(reverse("courses:lesson-edit", args=[lesson.pk]))
    saved = _element(saved_page, "lesson-saved").find_class("prose")[0]
    assert_harmless(saved)

    htmx_preview = client.post(reverse("courses:lesson-preview"), {"body": HOSTILE}, HTTP_HX_REQUEST="true")
    preview = lxml.html.fragment_fromstring(htmx_preview.content.decode()).find_class("prose")[0]
    plain_preview = client.post(
        reverse("courses:lesson-edit", args=[lesson.pk]),
        {"title": "Hostile", "body": HOSTILE, "status": "published", "action": "preview"},
    )
    inline_preview = _element(plain_preview, "lesson-preview").find_class("prose")[0]

    def html(element):
        return lxml.html.tostring(element, encoding="unicode", with_tail=False)

    assert html(preview) == html(saved) == html(inline_preview)


def test_the_saved_lesson_reads_the_same_for_learners(client_for, trainer, employee):
    """The learner's lesson page uses the same renderer: the trainer's "as saved" view is what people read."""
    lesson = LessonFactory(body=HOSTILE, status="published")
    saved = _element(client_for(trainer).get(reverse("courses:lesson-edit", args=[lesson.pk])), "lesson-saved")
    learner_page = client_for(employee).get(reverse("courses:lesson-detail", args=[lesson.course.slug, lesson.pk]))
    learner = lxml.html.fromstring(learner_page.content.decode()).find_class("prose")[0]
    assert_harmless(learner)

    def html(element):
        return lxml.html.tostring(element, encoding="unicode", with_tail=False)

    assert html(learner) == html(saved.find_class("prose")[0])
