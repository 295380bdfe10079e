"""Large exports run here, on the bulk queue, and the person who asked is told when the file is ready."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core import signing
from django.urls import reverse

from accounts.models import User
from notifications.models import Delivery
from notifications.services import Notice, notify
from reports import access, exports, notices

log = logging.getLogger(__name__)
SALT = "reports.export"
EXPORT_ID = re.compile(r"^[0-9a-f]{32}\Z")
MAX_AGE = 7 * 24 * 3600  # download links last a week


def download_token(*, export_id: str, fmt: str, user_id: int) -> str:
    return signing.dumps({"e": export_id, "f": fmt, "u": user_id}, salt=SALT)


def read_download_token(token: str) -> dict[str, Any]:
    """The export's id, format and owner; raises signing.BadSignature when forged or expired."""
    data: dict[str, Any] = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if not EXPORT_ID.match(str(data.get("e", ""))) or data.get("f") not in ("csv", "xlsx"):
        raise signing.BadSignature("bad export")
    return data


def export_path(export_id: str, fmt: str) -> Path:
    return exports.exports_dir() / f"{export_id}.{fmt}"


@shared_task(ignore_result=True, acks_late=True)
def build_export(export_id: str, user_id: int, kind: str, fmt: str, params: dict[str, Any]) -> str | None:
    """Write the export file once (a second run finds it done) and notify its owner."""
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None or kind not in exports.KINDS or fmt not in ("csv", "xlsx") or not EXPORT_ID.match(export_id):
        return None
    if not person.has_perm(access.REPORTS):
        return None
    path = export_path(export_id, fmt)
    if not path.exists():
        form = access.filter_form(person, params)
        rows = exports.rows_for(kind, form.scope())
        part = path.with_name(path.name + ".part")
        (exports.write_xlsx if fmt == "xlsx" else exports.write_csv)(rows, part)
        os.replace(part, path)  # atomic: a download never sees half a file
    notify_ready(person=person, export_id=export_id, fmt=fmt, kind=kind)
    return str(path)


def notify_ready(*, person: User, export_id: str, fmt: str, kind: str) -> list[Delivery]:
    """Tell the export's owner it is ready, by the channel they chose (once per export, through the ledger)."""
    link = reverse("reports:download", args=[download_token(export_id=export_id, fmt=fmt, user_id=person.pk)])
    context = {"export_kind": kind, "export_format": fmt, "url": settings.SITE_URL + link}
    notice = Notice(person=person, kind=notices.EXPORT_READY, key=f"export:{export_id}", context=context, link=link)
    return notify([notice])
