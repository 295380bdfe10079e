"""Trainers write drills and compose their rubrics in a form: saving, versions, adding rules and previews."""

from datetime import timedelta

import lxml.html
import pytest
from django.urls import reverse

from courses.forms.rubric import PARAM_FIELDS
from courses.models import Drill
from courses.services import drills as drill_services
from courses.services import enrolment as enrolment_services
from tests.courses.test_authoring import HOSTILE, assert_harmless
from tests.factories import LessonFactory, PersonaFactory, SessionFactory
from tests.factories.drills import DrillFactory

pytestmark = pytest.mark.django_db

RULE_FIELDS = ["kind", "weight", "message", *PARAM_FIELDS.values()]


def drill_post(rules, *, initial_forms=0, **fields):
    """A POST of the drill page: the drill's fields and one rubric row per rule dict (unset fields blank)."""
    data = {
        "title": "Reply to the hospital",
        "instructions": "Reply to **@GeneralHosp** with {session.hashtag}.",
        "action": "reply",
        "target_persona_handle": "GeneralHosp",
        "target_text_contains": "flu clinic",
        "max_attempts": "3",
        "pass_mark": "70",
        "deadline_hours": "",
        "status": "published",
        "rules-TOTAL_FORMS": str(len(rules)),
        "rules-INITIAL_FORMS": str(initial_forms),
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "25",
    }
    data.update(fields)
    for index, rule in enumerate(rules):
        for name in RULE_FIELDS:
            data[f"rules-{index}-{name}"] = str(rule.get(name, "1" if name == "weight" else ""))
        if rule.get("DELETE"):
            data[f"rules-{index}-DELETE"] = "on"
    return data


THREE_RULES = [
    {"kind": "is_reply_to", "weight": 2, "post": "target", "message": "Answer the right post."},
    {"kind": "uses_hashtag", "hashtag": "session", "message": "Use the session hashtag."},
    {"kind": "contains", "phrases": "flu shot, clinic", "mode": "any", "message": "Say what it is about."},
]


@pytest.fixture(autouse=True)
def persona(db):
    return PersonaFactory(handle="GeneralHosp", name="General Hospital")


@pytest.fixture
def lesson(db):
    return LessonFactory(title="Replies")


def _save(client, url, data):
    return client.post(url, {**data, "button": "save"})


def _element(response, element_id):
    return lxml.html.fromstring(response.content.decode()).get_element_by_id(element_id)


# Creating and editing


def test_a_trainer_creates_a_drill_with_a_three_rule_rubric_through_the_page(client_for, trainer, lesson, persona):
    DrillFactory(lesson=lesson, position=4)
    client = client_for(trainer)
    page = client.get(reverse("courses:drill-create", args=[lesson.pk]))
    assert page.status_code == 200 and page.context["rules"].total_form_count() == 3

    response = _save(client, reverse("courses:drill-create", args=[lesson.pk]), drill_post(THREE_RULES))
    drill = Drill.objects.get(title="Reply to the hospital")
    assert response.url == reverse("courses:drill-edit", args=[drill.pk])
    assert (drill.lesson, drill.action, drill.position, drill.rubric_version) == (lesson, "reply", 5, 1)
    assert (drill.target_persona_handle, drill.target_text_contains) == ("GeneralHosp", "flu clinic")
    assert drill.deadline_offset is None
    assert drill.rubric == [
        {"kind": "is_reply_to", "weight": 2, "params": {"post_id": "target"}, "message": "Answer the right post."},
        {"kind": "uses_hashtag", "weight": 1, "params": {"hashtag": "session"}, "message": "Use the session hashtag."},
        {
            "kind": "contains",
            "weight": 1,
            "params": {"phrases": ["flu shot", "clinic"], "mode": "any"},
            "message": "Say what it is about.",
        },
    ]


def test_only_the_parameters_a_kind_uses_are_saved_and_blank_rows_are_ignored(client_for, trainer, lesson, persona):
    rules = [
        {"kind": "uses_hashtag", "hashtag": "#Flu", "handle": "someone", "count": "many", "post": "nonsense"},
        {},  # an empty row
        {"kind": "length_between", "min": "20", "max": "200", "phrases": "ignored"},
        {"kind": "policy_no_phi", "domain": "cdc.gov"},
    ]
    _save(client_for(trainer), reverse("courses:drill-create", args=[lesson.pk]), drill_post(rules, action="post"))
    drill = Drill.objects.get()
    assert [rule["params"] for rule in drill.rubric] == [{"hashtag": "#Flu"}, {"min": 20, "max": 200}, {}]


def test_the_deadline_is_hours_after_the_session_starts(client_for, trainer, lesson, persona):
    client = client_for(trainer)
    _save(client, reverse("courses:drill-create", args=[lesson.pk]), drill_post(THREE_RULES, deadline_hours="1.5"))
    drill = Drill.objects.get()
    assert drill.deadline_offset == timedelta(minutes=90)
    page = client.get(reverse("courses:drill-edit", args=[drill.pk]))
    assert page.context["form"]["deadline_hours"].value() == 1.5


def test_the_edit_page_shows_the_stored_rubric(client_for, trainer, persona):
    drill = DrillFactory(
        rubric=[
            {"kind": "contains", "weight": 3, "params": {"phrases": ["flu", "shot"], "mode": "all"}, "message": "m"},
            {"kind": "is_quote_of", "weight": 1, "params": {"post_id": "target", "min_words": 4}, "message": ""},
        ],
        action="quote",
        target_persona_handle="GeneralHosp",
        target_text_contains="clinic",
    )
    page = client_for(trainer).get(reverse("courses:drill-edit", args=[drill.pk]))
    rules = page.context["rules"]
    assert rules.total_form_count() == 3  # the two rules and an empty row
    first, second = rules.forms[0], rules.forms[1]
    assert (first["kind"].value(), first["weight"].value(), first["phrases"].value()) == ("contains", 3, "flu, shot")
    assert (second["post"].value(), second["min_words"].value()) == ("target", "4")


def _graded_submission(drill, trainer, employee):
    session = SessionFactory(course=drill.lesson.course, trainers=[trainer], hashtag="#Camp9")
    enrolment_services.enrol(person=employee, session=session)
    submission = drill_services.attempt(person=employee, drill=drill, text="Hello #Camp9")
    drill_services.grade_submission(submission.pk)
    return submission


def test_editing_the_rubric_bumps_its_version_and_old_grades_keep_theirs(client_for, trainer, employee, lesson):
    drill = DrillFactory(lesson=lesson, title="Tag it")
    submission = _graded_submission(drill, trainer, employee)
    client = client_for(trainer)
    url = reverse("courses:drill-edit", args=[drill.pk])
    rules = [{"kind": "uses_hashtag", "hashtag": "session"}, {"kind": "mentions_handle", "handle": "trainer"}]
    response = _save(client, url, drill_post(rules, initial_forms=1, title="Tag it", action="post"))
    assert response.url == url
    drill.refresh_from_db()
    assert drill.rubric_version == 2 and len(drill.rubric) == 2
    assert list(submission.grades.values_list("rubric_version", "score")) == [(1, 100)]

    page = client.get(url)
    assert "Its rubric is now version 2" in page.content.decode()
    assert page.context["stale"] == 1
    regrade = _element(page, "drill-regrade").xpath(".//form/@action")
    assert regrade == [reverse("courses:drill-regrade", args=[drill.pk])]

    client.post(regrade[0])
    drill_services.grade_submission(submission.pk)  # what the queued task does
    assert sorted(submission.grades.values_list("rubric_version", "score")) == [(1, 100), (2, 50)]
    assert client.get(url).context["stale"] == 0


def test_saving_an_unchanged_rubric_keeps_its_version(client_for, trainer, lesson):
    drill = DrillFactory(lesson=lesson, title="Old title")
    rules = [{"kind": "uses_hashtag", "hashtag": "session"}]
    client_for(trainer).post(
        reverse("courses:drill-edit", args=[drill.pk]),
        {**drill_post(rules, initial_forms=1, title="New title", action="post", status="draft"), "button": "save"},
    )
    drill.refresh_from_db()
    assert (drill.title, drill.status, drill.rubric_version) == ("New title", "draft", 1)


def test_a_deleted_row_leaves_the_rubric(client_for, trainer, lesson):
    drill = DrillFactory(
        lesson=lesson,
        rubric=[
            {"kind": "uses_hashtag", "weight": 1, "params": {"hashtag": "session"}, "message": ""},
            {"kind": "max_hashtags", "weight": 1, "params": {"count": 2}, "message": ""},
        ],
    )
    rules = [{"kind": "uses_hashtag", "hashtag": "session"}, {"kind": "max_hashtags", "count": "2", "DELETE": True}]
    _save(client_for(trainer), reverse("courses:drill-edit", args=[drill.pk]), drill_post(rules, action="post"))
    drill.refresh_from_db()
    assert [rule["kind"] for rule in drill.rubric] == ["uses_hashtag"] and drill.rubric_version == 2


# Without JavaScript: add a rule, preview the instructions


def test_add_a_rule_comes_back_with_one_more_row_keeps_what_was_typed_and_saves_nothing(client_for, trainer, lesson):
    rules = [{"kind": "uses_hashtag", "hashtag": "#Flu", "message": "Tag it"}]
    data = {**drill_post(rules, title="Typed title"), "button": "add-rule"}
    response = client_for(trainer).post(reverse("courses:drill-create", args=[lesson.pk]), data)
    assert response.status_code == 200
    assert not Drill.objects.exists()
    formset = response.context["rules"]
    assert formset.total_form_count() == 2 and not formset.is_bound
    assert formset.forms[0]["hashtag"].value() == "#Flu"
    assert response.context["form"]["title"].value() == "Typed title"
    body = response.content.decode()
    assert "This field is required" not in body  # no errors before the trainer saves
    # Another press adds another row.
    again = client_for(trainer).post(
        reverse("courses:drill-create", args=[lesson.pk]),
        {**drill_post([*rules, {}], title="Typed title"), "button": "add-rule"},
    )
    assert again.context["rules"].total_form_count() == 3


def test_the_preview_button_without_javascript_renders_the_instructions_and_saves_nothing(client_for, trainer, lesson):
    data = {**drill_post(THREE_RULES, instructions="## Be kind\n\nUse {session.hashtag}."), "button": "preview"}
    response = client_for(trainer).post(reverse("courses:drill-create", args=[lesson.pk]), data)
    preview = _element(response, "drill-preview")
    assert preview.xpath(".//h2[text()='Be kind']") and "#TweetCamp" in preview.text_content()
    assert not Drill.objects.exists()


def test_the_htmx_preview_renders_hostile_markdown_harmless(client_for, trainer):
    response = client_for(trainer).post(
        reverse("courses:drill-preview"), {"instructions": HOSTILE}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    fragment = lxml.html.fragment_fromstring(body)
    assert fragment.get("id") == "drill-preview"
    assert_harmless(fragment)
    assert fragment.xpath(".//h2[text()='Hello']")
