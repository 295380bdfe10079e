"""Drill authoring refuses bad and hostile input, lets only authors in, and keeps its query count flat."""

import pytest
from django.urls import reverse

from courses import authoring
from courses.forms.rubric import PARAM_FIELDS, RuleForm
from courses.models import Drill, Grade
from practice.rubric import KINDS
from tests.courses.test_drill_authoring import THREE_RULES, _element, _graded_submission, _save, drill_post
from tests.factories import LessonFactory, PersonaFactory
from tests.factories.drills import DrillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def persona(db):
    return PersonaFactory(handle="GeneralHosp", name="General Hospital")


@pytest.fixture
def lesson(db):
    return LessonFactory(title="Replies")


# Invalid input is a form error and saves nothing


@pytest.mark.parametrize(
    ("rules", "fields", "where"),
    [
        ([{"kind": "shouting_loudly"}], {}, "kind"),
        ([{"kind": "is_reply_to", "post": ""}], {}, "post"),
        ([{"kind": "is_reply_to", "post": "the one about flu"}], {}, "post"),
        ([{"kind": "mentions_at_least", "count": "many"}], {}, "count"),
        ([{"kind": "max_hashtags", "count": "-1"}], {}, "count"),
        ([{"kind": "mentions_handle", "handle": ""}], {}, "rubric"),
        ([{"kind": "contains", "phrases": " , ,"}], {}, "rubric"),
        ([{"kind": "length_between", "min": "200", "max": "10"}], {}, "rubric"),
        ([{"message": "a rule with no kind"}], {}, "kind"),
        ([{"kind": "uses_hashtag", "weight": "0"}], {}, "weight"),
        ([{}], {}, "rubric"),  # no rules at all
        (THREE_RULES, {"target_persona_handle": ""}, "target_persona_handle"),
        (THREE_RULES, {"target_text_contains": ""}, "target_text_contains"),
        (THREE_RULES, {"target_persona_handle": "@NoSuchPersona"}, "target_persona_handle"),
        ([{"kind": "is_reply_to", "post": "target"}], {"action": "post", "target_persona_handle": ""}, "form"),
        (THREE_RULES, {"pass_mark": "101"}, "pass_mark"),
        (THREE_RULES, {"max_attempts": "99999999999"}, "max_attempts"),
        (THREE_RULES, {"deadline_hours": "soon"}, "deadline_hours"),
        (THREE_RULES, {"action": "dance"}, "action"),
    ],
)
def test_an_invalid_drill_or_rubric_is_a_form_error_and_nothing_is_saved(
    client_for, trainer, lesson, persona, rules, fields, where
):
    drill = DrillFactory(lesson=lesson)
    before = (drill.rubric, drill.rubric_version, drill.title)
    client = client_for(trainer)
    for url in (reverse("courses:drill-create", args=[lesson.pk]), reverse("courses:drill-edit", args=[drill.pk])):
        response = _save(client, url, drill_post(rules, **fields))
        assert response.status_code == 200
        form, formset = response.context["form"], response.context["rules"]
        if where == "rubric":
            assert formset.non_form_errors()
        elif where == "form":
            assert form.errors
        elif where in RuleForm.base_fields:
            assert any(where in row.errors for row in formset.forms)
        else:
            assert where in form.errors
    assert Drill.objects.count() == 1
    drill.refresh_from_db()
    assert (drill.rubric, drill.rubric_version, drill.title) == before


def test_a_rubric_error_names_the_rule(client_for, trainer, lesson):
    rules = [{"kind": "uses_hashtag", "hashtag": "x"}, {"kind": "mentions_handle"}]
    response = _save(
        client_for(trainer), reverse("courses:drill-create", args=[lesson.pk]), drill_post(rules, action="post")
    )
    errors = _element(response, "rubric").text_content()
    assert "Rule 2 (Mentions a given handle" in errors


def test_every_rule_parameter_has_a_form_field():
    assert {param for kind in KINDS.values() for param in kind.params} <= PARAM_FIELDS.keys()
    assert set(PARAM_FIELDS.values()) <= set(RuleForm.base_fields)


# Hostile input


def test_html_in_titles_messages_and_phrases_is_stored_as_typed_and_shown_escaped(client_for, trainer, lesson):
    script = '<script>alert("x")</script>'
    rules = [
        {"kind": "contains", "phrases": f"{script}, <b>bold</b>", "message": f"<img src=x onerror=alert(1)>{script}"}
    ]
    client = client_for(trainer)
    _save(client, reverse("courses:drill-create", args=[lesson.pk]), drill_post(rules, title=script, action="post"))
    drill = Drill.objects.get()
    assert drill.title == script and drill.rubric[0]["params"]["phrases"] == [script, "<b>bold</b>"]
    for url in (reverse("courses:drill-edit", args=[drill.pk]), reverse("courses:lesson-edit", args=[lesson.pk])):
        body = client.get(url).content.decode()
        assert "<script>" not in body and "<img src=x" not in body and "<b>bold" not in body
        assert "&lt;script&gt;" in body


@pytest.mark.parametrize(
    ("fields", "rule", "where"),
    [
        ({"title": "x" * 100_000}, {}, "title"),
        ({"instructions": "x" * 100_000}, {}, "instructions"),
        ({}, {"message": "x" * 100_000}, "message"),
        ({}, {"phrases": "word, " * 20_000}, "phrases"),
        ({"title": "bad\x00title"}, {}, "title"),
        ({}, {"message": "nul\x00byte"}, "message"),
        ({}, {"hashtag": "#a\x00b"}, "hashtag"),
        ({"target_text_contains": "\x00"}, {}, "target_text_contains"),
    ],
)
def test_huge_strings_and_nul_bytes_are_form_errors(client_for, trainer, lesson, persona, fields, rule, where):
    rules = [{"kind": "uses_hashtag", "hashtag": "session", **rule}]
    if where == "phrases":
        rules = [{"kind": "contains", **rule}]
    response = _save(
        client_for(trainer), reverse("courses:drill-create", args=[lesson.pk]), drill_post(rules, **fields)
    )
    assert response.status_code == 200
    if where in RuleForm.base_fields:
        assert where in response.context["rules"].forms[0].errors
    else:
        assert where in response.context["form"].errors
    assert not Drill.objects.exists()


@pytest.mark.parametrize("total", ["lots", "-3", "100000", "26", "\x00"])
def test_a_tampered_rule_count_is_a_form_error(client_for, trainer, lesson, persona, total):
    data = {**drill_post(THREE_RULES), "rules-TOTAL_FORMS": total}
    client = client_for(trainer)
    response = _save(client, reverse("courses:drill-create", args=[lesson.pk]), data)
    assert response.status_code == 200
    assert not Drill.objects.exists()
    # "Add a rule" with the same junk still answers a page.
    again = client.post(reverse("courses:drill-create", args=[lesson.pk]), {**data, "button": "add-rule"})
    assert again.status_code == 200


# Who may author drills


@pytest.mark.parametrize(
    ("persona_name", "expected"),
    [("employee", 403), ("manager", 403), ("trainer", 200), ("admin_user", 200)],
)
def test_each_persona_gets_what_the_role_allows(request, client, lesson, persona_name, expected):
    drill = DrillFactory(lesson=lesson)
    client.force_login(request.getfixturevalue(persona_name))
    assert client.get(reverse("courses:drill-create", args=[lesson.pk])).status_code == expected
    assert client.get(reverse("courses:drill-edit", args=[drill.pk])).status_code == expected
    assert client.post(reverse("courses:drill-preview"), {"instructions": "Hi"}).status_code == expected


def test_a_refused_person_cannot_save_either(client_for, employee, lesson, persona):
    response = _save(client_for(employee), reverse("courses:drill-create", args=[lesson.pk]), drill_post(THREE_RULES))
    assert response.status_code == 403
    assert not Drill.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client, lesson):
    drill = DrillFactory(lesson=lesson)
    for method, url in [
        ("get", reverse("courses:drill-create", args=[lesson.pk])),
        ("get", reverse("courses:drill-edit", args=[drill.pk])),
        ("post", reverse("courses:drill-preview")),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_unknown_lessons_and_drills_are_404(client_for, trainer):
    client = client_for(trainer)
    assert client.get(reverse("courses:drill-create", args=[999_999])).status_code == 404
    assert client.get(reverse("courses:drill-edit", args=[999_999])).status_code == 404


# The lesson page


def test_the_lesson_page_lists_its_drills_with_links_to_edit_them_and_their_submissions(client_for, trainer, lesson):
    drill = DrillFactory(lesson=lesson, title="Tag it")
    DrillFactory(title="Another lesson's drill")
    page = client_for(trainer).get(reverse("courses:lesson-edit", args=[lesson.pk]))
    section = _element(page, "drills")
    links = section.xpath(".//a/@href")
    assert reverse("courses:drill-create", args=[lesson.pk]) in links
    assert reverse("courses:drill-edit", args=[drill.pk]) in links
    assert reverse("courses:drill-submissions", args=[drill.pk]) in links
    assert "Another lesson's drill" not in section.text_content()


# Query counts


@pytest.mark.parametrize("count", [2, 10])
def test_the_edit_page_query_count_does_not_grow_with_the_rubric(
    client_for, trainer, employee, lesson, count, django_assert_max_num_queries
):
    rule = {"kind": "contains", "weight": 1, "params": {"phrases": ["flu"], "mode": "any"}, "message": "m"}
    drill = DrillFactory(lesson=lesson, rubric=[rule] * count)
    _graded_submission(drill, trainer, employee)
    Drill.objects.filter(pk=drill.pk).update(rubric_version=2)  # so the re-grade box shows too
    client = client_for(trainer)
    with django_assert_max_num_queries(9):
        page = client.get(reverse("courses:drill-edit", args=[drill.pk]))
    assert page.context["rules"].total_form_count() == count + 1 and page.context["stale"] == 1
    assert Grade.objects.filter(submission__drill=drill).count() == 1


def test_a_rubric_refused_by_the_service_shows_on_the_rubric(client_for, trainer, lesson, monkeypatch):
    """Should the service find a rubric error the formset missed, it is a message on the rubric, not a 500."""

    def refuse(**kwargs):
        raise authoring.InvalidRubric("Rule 1: no.")

    monkeypatch.setattr(authoring, "create_drill", refuse)
    response = _save(client_for(trainer), reverse("courses:drill-create", args=[lesson.pk]), drill_post(THREE_RULES))
    assert response.status_code == 200
    assert "Rule 1: no." in response.context["rules"].non_form_errors()
