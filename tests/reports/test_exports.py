import csv
import io

import pytest
from django.core import mail
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from core.csvsafe import safe_cell
from reports import exports, tasks, views
from reports.selectors import StatusRow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def stream_rows(response):
    """Read a streamed CSV one row at a time, the way a client would."""
    assert isinstance(response, StreamingHttpResponse)
    for chunk in response.streaming_content:
        line = chunk.decode() if isinstance(chunk, bytes) else chunk
        yield from csv.reader(io.StringIO(line.lstrip("\ufeff")))


def test_the_completions_csv_streams_and_equals_the_dashboard(client_for, admin_user, camp):
    client = client_for(admin_user)
    summary = client.get(reverse("reports:dashboard")).context["summary"]
    response = client.get(reverse("reports:export", args=["completions", "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]
    rows = stream_rows(response)
    header = next(rows)
    assert header == ["email", "name", "handle", "department", "course", "status", "due", "completed", "cycle"]
    per_course: dict[str, dict[str, int]] = {}
    for row in rows:
        record = dict(zip(header, row, strict=True))
        per_course.setdefault(record["course"], {}).setdefault(record["status"], 0)
        per_course[record["course"]][record["status"]] += 1
    for course_row in summary.courses:
        statuses = per_course[course_row.course.title]
        assert sum(statuses.values()) == course_row.counts.assigned
        assert statuses.get("completed", 0) == course_row.counts.done
        assert statuses.get("overdue", 0) == course_row.counts.overdue


def test_the_overdue_csv_lists_exactly_the_overdue_people(client_for, admin_user, camp):
    client = client_for(admin_user)
    response = client.get(reverse("reports:export", args=["overdue", "csv"]))
    rows = list(stream_rows(response))[1:]
    assert sorted((r[2], r[4]) for r in rows) == [("cal", "Privacy"), ("ian", "Privacy"), ("maya", "Privacy")]
    assert all(r[5] == "overdue" and r[6] for r in rows)  # each with its due date
    assert client.get(reverse("reports:dashboard")).context["summary"].total.overdue == len(rows)


def test_a_managers_export_holds_only_their_tree(client_for, manager, camp):
    rows = list(stream_rows(client_for(manager).get(reverse("reports:export", args=["completions", "csv"]))))[1:]
    assert {r[3] for r in rows} == {"Nursing", "ICU"}


def test_the_export_follows_the_filters(client_for, admin_user, camp):
    url = reverse("reports:export", args=["completions", "csv"])
    rows = list(stream_rows(client_for(admin_user).get(url, {"course": camp.privacy.pk, "department": camp.icu.pk})))
    assert [(r[2], r[4], r[5]) for r in rows[1:]] == [("ian", "Privacy", "overdue")]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_an_export_writes_every_formula_like_cell_as_text(start):
    """The export goes through the one guard: each cell that starts like a formula, or like a new line, is quoted."""
    text = start + "SUM(A1)"
    row = StatusRow(text, text, text, text, text, "open", None, None, None)
    (header, line) = csv.reader(io.StringIO("".join(exports.csv_lines([row])).lstrip("\ufeff"), newline=""))
    assert header[0] == "email"
    assert line[:5] == ["'" + text] * 5


def test_a_hostile_name_reaches_the_csv_as_text(client_for, admin_user, camp):
    UserFactory(display_name="=cmd|' /C calc'!A0", handle="evil", department=camp.nursing)
    rows = list(stream_rows(client_for(admin_user).get(reverse("reports:export", args=["overdue", "csv"]))))
    assert [r[1] for r in rows if r[2] == "evil"] == ["'=cmd|' /C calc'!A0"]


def test_the_xlsx_has_the_same_rows(client_for, admin_user, camp):
    response = client_for(admin_user).get(reverse("reports:export", args=["overdue", "xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("email", "name", "handle") and len(rows) == 4


def test_a_large_xlsx_goes_to_the_background(
    client_for, admin_user, camp, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(views, "XLSX_INLINE_MAX", 1)
    sent = []
    monkeypatch.setattr(tasks.build_export, "delay", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).get(reverse("reports:export", args=["completions", "xlsx"]))
    assert response.status_code == 302
    (export_id, user_id, kind, fmt, params) = sent[0]
    assert (user_id, kind, fmt) == (admin_user.pk, "completions", "xlsx")


def test_the_background_export_writes_the_file_once_and_only_its_owner_downloads_it(
    client_for, admin_user, manager, camp, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path
    sent = []
    original = tasks.build_export.delay
    tasks.build_export.delay = lambda *args: sent.append(args)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(admin_user).post(
                reverse("reports:export-background", args=["overdue", "csv"]), {"course": camp.privacy.pk}
            )
    finally:
        tasks.build_export.delay = original
    assert response.status_code == 302
    export_id, user_id, kind, fmt, params = sent[0]
    assert params == {"course": str(camp.privacy.pk)}
    path = tasks.build_export(export_id, user_id, kind, fmt, params)
    assert path and (tmp_path / "exports" / f"{export_id}.csv").exists()
    first_mtime = (tmp_path / "exports" / f"{export_id}.csv").stat().st_mtime_ns
    tasks.build_export(export_id, user_id, kind, fmt, params)  # a second run finds the file done
    assert (tmp_path / "exports" / f"{export_id}.csv").stat().st_mtime_ns == first_mtime
    message = mail.outbox[0]
    assert message.to == [admin_user.email]
    link = next(word for word in message.body.split() if "/reports/exports/" in word)
    path_only = link[link.index("/reports/") :]
    download = client_for(admin_user).get(path_only)
    assert download.status_code == 200
    body = b"".join(download.streaming_content).decode()
    assert body.count("overdue") == 3
    assert client_for(manager).get(path_only).status_code == 404
    assert client_for(admin_user).get("/reports/exports/forged-token/").status_code == 404


def test_the_csv_writer_streams_lazily():
    consumed = []

    def rows():
        for i in range(3):
            consumed.append(i)
            yield exports.StatusRow("a@x", "A", "a", "", "C", "open", None, None, None)

    lines = exports.csv_lines(rows())
    next(lines)  # the header
    assert consumed == []
    next(lines)
    assert consumed == [0]
