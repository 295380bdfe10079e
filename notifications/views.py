"""The inbox, preferences, one-click unsubscribe and the admins' delivery log."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import SignedInRequest
from accounts.permissions import VIEW_ALL_REPORTS
from core.paging import numbered
from core.zones import zone_named
from notifications import jobs, kinds, selectors, services
from notifications.errors import BadToken
from notifications.forms import LogFilterForm, PreferencesForm
from notifications.models import Delivery


@login_required
@require_GET
def notification_list(request: SignedInRequest) -> HttpResponse:
    page = numbered(selectors.inbox(request.user), request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_read(request: SignedInRequest) -> HttpResponse:
    ids = None if "all" in request.POST else [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    services.mark_read(person=request.user, notification_ids=ids)
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: SignedInRequest) -> HttpResponse:
    quiet = selectors.quiet_hours_of(request.user)
    initial = {"quiet_starts": quiet.starts, "quiet_ends": quiet.ends} if quiet else {}
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        channels=services.preferences_of(request.user),
    )
    if request.method == "POST" and form.is_valid():
        for kind, channel in form.channels().items():
            services.set_channel(person=request.user, kind=kind, channel=channel)
        services.set_quiet_hours(
            person=request.user, starts=form.cleaned_data["quiet_starts"], ends=form.cleaned_data["quiet_ends"]
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "zone_name": zone_named(request.user.time_zone).key, "digest_hour": services.digest_hour()},
    )


# The token is the authority here (it names one person and one kind and is signed), and
# RFC 8058 one-click POSTs come from mail providers without a session or CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        person, kind = services.read_unsubscribe_token(token)
    except BadToken:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    label = kinds.get(kind).label
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "notifications/unsubscribe_done.html", {"person": person, "label": label})
    return render(request, "notifications/unsubscribe.html", {"person": person, "label": label, "token": token})


View = Callable[..., HttpResponse]


def for_admins(view: View) -> View:
    """Signed in, and allowed to see every report (the delivery log is an admins' page)."""
    allowed: View = permission_required(VIEW_ALL_REPORTS, raise_exception=True)(view)
    signed_in: View = login_required(allowed)
    return signed_in


@for_admins
@require_GET
def delivery_log(request: SignedInRequest) -> HttpResponse:
    form = LogFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.LogFilters(
        status=data.get("status", ""), kind=data.get("kind", ""), late=data.get("late", False), q=data.get("q", "")
    )
    page = numbered(selectors.delivery_log(filters), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "counts": selectors.delivery_counts(), "query": query.urlencode()}
    return render(request, "notifications/log.html", context)


@for_admins
@require_POST
def retry_delivery(request: SignedInRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery, pk=pk)
    if services.retry(delivery=delivery):
        jobs.send_delivery_on_commit(delivery.pk)
        messages.success(request, _("Sending it again."))
    else:
        messages.info(request, _("That notice has not failed; nothing to retry."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("notifications:log")
    return redirect(back)
