"""The notices reports send: a background export is ready to download.

Registered with ``notifications.kinds`` from ``ReportsConfig.ready()``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind

EXPORT_READY = "export_ready"

KINDS = [Kind(EXPORT_READY, _("An export you asked for is ready"))]
