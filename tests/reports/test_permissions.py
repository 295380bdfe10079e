"""Who gets what, for every dashboard, record and export URL.

Columns: employee, trainer (runs the camp's session), manager of the employee's department,
manager of another department (Pharmacy), admin. 403: the role may not open the page at all;
404: the page exists for the role, but not this record (ids do not leak).
"""

import pytest
from django.urls import reverse

from reports import tasks

pytestmark = pytest.mark.django_db

PERSONAS = ["employee", "trainer", "manager", "other_manager", "admin_user"]

MATRIX = [
    # url name, args (names resolved from the camp), query,    employee, trainer, manager, other mgr, admin
    ("reports:dashboard", [], {}, 403, 403, 200, 200, 200),
    ("reports:dashboard", [], {"department": "nursing"}, 403, 403, 200, 200, 200),
    ("reports:people", [], {}, 403, 403, 200, 200, 200),
    ("reports:people", [], {"status": "overdue"}, 403, 403, 200, 200, 200),
    ("reports:person", ["employee"], {}, 200, 404, 200, 404, 200),
    ("reports:person", ["outsider"], {}, 404, 404, 404, 200, 200),
    ("reports:person", ["icu_nurse"], {}, 404, 404, 200, 404, 200),
    ("reports:person", ["missing"], {}, 404, 404, 404, 404, 404),
    ("reports:my-record", [], {}, 200, 200, 200, 200, 200),
    ("reports:sessions", [], {}, 403, 200, 403, 403, 200),
    ("reports:session", ["session"], {}, 403, 200, 403, 403, 200),
    ("reports:session", ["other_session"], {}, 403, 404, 403, 403, 200),
    ("reports:after-action", ["session"], {}, 403, 200, 403, 403, 200),
    ("reports:after-action", ["other_session"], {}, 403, 404, 403, 403, 200),
    ("reports:export", ["completions", "csv"], {}, 403, 403, 200, 200, 200),
    ("reports:export", ["overdue", "csv"], {}, 403, 403, 200, 200, 200),
    ("reports:export", ["completions", "xlsx"], {}, 403, 403, 200, 200, 200),
    ("reports:export", ["overdue", "xlsx"], {}, 403, 403, 200, 200, 200),
    ("reports:export", ["secrets", "csv"], {}, 403, 403, 404, 404, 404),
    ("reports:download", ["admins_export"], {}, 404, 404, 404, 404, 200),
    ("courses:assignment-list", [], {}, 403, 403, 403, 403, 200),
    ("courses:assignment-create", [], {}, 403, 403, 403, 403, 200),
]


@pytest.fixture
def world(camp, employee, outsider, admin_user, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    export_id = "a" * 32
    tasks.export_path(export_id, "csv").write_text("email\n")
    return {
        "employee": employee.pk,
        "outsider": outsider.pk,
        "icu_nurse": camp.icu_nurse.pk,
        "missing": 999_999,
        "session": camp.session.pk,
        "other_session": camp.other_session.pk,
        "nursing": camp.nursing.pk,
        "admins_export": tasks.download_token(export_id=export_id, fmt="csv", user_id=admin_user.pk),
    }


def _cases():
    for name, args, query, *codes in MATRIX:
        for persona, code in zip(PERSONAS, codes, strict=True):
            yield pytest.param(name, args, query, persona, code, id=f"{name}{args}{query}-{persona}")


@pytest.mark.parametrize(("name", "args", "query", "persona", "expected"), list(_cases()))
def test_each_persona_gets_exactly_what_they_should(client, request, world, camp, name, args, query, persona, expected):
    user = camp.other_manager if persona == "other_manager" else request.getfixturevalue(persona)
    client.force_login(user)
    url = reverse(name, args=[world.get(a, a) for a in args])
    response = client.get(url, {k: world.get(v, v) for k, v in query.items()})
    assert response.status_code == expected


def test_anonymous_people_are_sent_to_sign_in(client, world):
    for name, args, *_ in MATRIX:
        url = reverse(name, args=[world.get(a, a) for a in args])
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


JUNK = {
    "department": "abc",
    "course": "-1",
    "session": "x",
    "start": "2026-13-01",
    "end": "0",
    "status": "weird",
    "page": "-5",
    "q": "%' OR 1=1 --",
}


@pytest.mark.parametrize("persona", ["manager", "admin_user", "trainer"])
def test_junk_in_the_query_string_never_makes_a_500(client, request, world, camp, persona):
    client.force_login(request.getfixturevalue(persona))
    for name, args, *_ in MATRIX:
        url = reverse(name, args=[world.get(a, a) for a in args])
        assert client.get(url, JUNK).status_code in (200, 302, 403, 404), url
