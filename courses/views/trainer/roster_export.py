"""The roster as a CSV file, streamed, each cell made safe from spreadsheet formulas."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import tzinfo

from django.contrib.auth.decorators import login_required, permission_required
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.http import SignedInRequest
from accounts.permissions import RUN_SESSIONS
from core.csvsafe import safe_cell
from courses.models import Enrolment
from courses.selectors import trainer as trainer_selectors
from courses.views.trainer.access import session_or_404


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def _roster_lines(rows: Iterable[Enrolment], zone: tzinfo) -> Iterator[str]:
    writer = csv.writer(_Echo())
    zone_name = str(zone)
    yield "\ufeff"  # a byte-order mark, so spreadsheet programs read the names as UTF-8
    yield writer.writerow(
        [
            _("Name"),
            _("E-mail"),
            _("Handle"),
            _("Department"),
            _("Status"),
            _("Waitlist position"),
            _("Joined (%(zone)s)") % {"zone": zone_name},
            _("Attendance marked by"),
        ]
    )
    position = 0
    for enrolment in rows:
        waiting = enrolment.status == Enrolment.Status.WAITLISTED
        position += int(waiting)
        joined = timezone.localtime(enrolment.queued_at or enrolment.created_at, zone)
        marker = enrolment.attendance_marked_by
        yield writer.writerow(
            safe_cell(value)
            for value in (
                enrolment.user.display_name,
                enrolment.user.email,
                "@" + enrolment.user.handle,
                enrolment.user.department.name if enrolment.user.department else "",
                enrolment.get_status_display(),
                position if waiting else "",
                joined.strftime("%Y-%m-%d %H:%M"),
                marker.display_name if marker else "",
            )
        )


@login_required
@permission_required(RUN_SESSIONS, raise_exception=True)
@require_GET
def roster_csv(request: SignedInRequest, pk: int) -> StreamingHttpResponse:
    session = session_or_404(request, pk)
    # The stream is consumed after this view returns; fix the viewer's zone now.
    zone = timezone.get_current_timezone()
    response = StreamingHttpResponse(
        _roster_lines(trainer_selectors.roster_export(session), zone), content_type="text/csv; charset=utf-8"
    )
    filename = f"roster-{session.pk}-{slugify(session.hashtag) or 'session'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
