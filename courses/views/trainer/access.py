"""What every trainer page shares: the objects a trainer may manage (or 404), form errors, the lesson preview."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString

from accounts.http import SignedInRequest
from courses.content import TokenValues, render_markdown
from courses.models import Enrolment, Session

# A trainer who does not run a session gets 404, not 403, so session ids do not leak.


def session_or_404(request: SignedInRequest, pk: int) -> Session:
    session: Session = get_object_or_404(
        Session.objects.manageable_by(request.user).select_related("course", "feed"), pk=pk
    )
    return session


def enrolment_or_404(request: SignedInRequest, pk: int) -> Enrolment:
    manageable = Session.objects.manageable_by(request.user)
    return get_object_or_404(
        Enrolment.objects.select_related("session", "session__course", "user"), pk=pk, session__in=manageable
    )


def add_error(form: forms.BaseForm, error: Exception) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def preview(body: str) -> SafeString:
    # The same function and the same fragment as the saved lesson page, so what you preview is what people read.
    return render_markdown(body, TokenValues())
