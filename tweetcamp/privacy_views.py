"""Pages for data rights: download your own data; an admin anonymises someone who has left."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions
from accounts.http import SignedInRequest
from accounts.models import User
from tweetcamp import privacy


@never_cache
@login_required
@require_GET
def export(request: SignedInRequest) -> HttpResponse:
    data = privacy.export_personal_data(person=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"tweetcamp-{request.user.handle}-{timezone.now():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class AnonymiseForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that this cannot be undone."),
        required=True,
    )


@login_required
@permission_required(permissions.ASSIGN_ROLES, raise_exception=True)
@require_http_methods(["GET", "POST"])
def anonymise(request: SignedInRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    form = AnonymiseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.anonymise(person=person, actor=request.user)
        except privacy.CannotAnonymise as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The person is anonymised; their records stay in reports."))
            return redirect("accounts:people")
    context = {"person": person, "form": form, "already": privacy.is_anonymised(person)}
    return render(request, "privacy/anonymise.html", context)
