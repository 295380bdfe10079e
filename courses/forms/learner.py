from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Session


class SessionChoiceField(forms.ModelChoiceField[Session]):
    def label_from_instance(self, session: Session) -> str:
        local = timezone.localtime(session.starts_at)
        seats = (
            _("full, waitlist open") if session.seats_left == 0 else _("%(n)s seats left") % {"n": session.seats_left}
        )
        # dateformat, not strftime: day and month names in the viewer's language, as on the pages.
        return f"{session.title} — {dateformat.format(local, 'D j M Y, H:i T')} ({seats})"


class MoveForm(forms.Form):
    session = SessionChoiceField(label=_("Move to"), queryset=None, empty_label=None)

    def __init__(self, *args: Any, sessions: QuerySet[Session], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(SessionChoiceField, self.fields["session"]).queryset = sessions
