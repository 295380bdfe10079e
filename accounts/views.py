from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from accounts import permissions, selectors, services
from accounts.errors import CannotRemoveLastAdmin
from accounts.forms import PeopleSearchForm, ProfileForm, RolesForm
from accounts.http import SignedInRequest
from accounts.models import User
from core.paging import numbered

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: SignedInRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The footer's language switcher: Django's own view (a cookie, for anonymous visitors), and for a
    signed-in person also their profile, which wins over the cookie and the browser from then on."""
    if request.user.is_authenticated:
        try:
            language = get_supported_language_variant(request.POST.get("language", ""))
        except LookupError:
            language = ""
        if language:
            services.set_language(user=request.user, language=language)
    return django_set_language(request)


@login_required
@permission_required(permissions.ASSIGN_ROLES, raise_exception=True)
def people(request: SignedInRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.people(search=filters.get("q", ""), role=filters.get("role", ""))
    page = numbered(qs, request.GET.get("page"), size=PAGE_SIZE)
    return render(request, "accounts/people.html", {"form": form, "page": page})


@login_required
@permission_required(permissions.ASSIGN_ROLES, raise_exception=True)
@require_http_methods(["GET", "POST"])
def person_roles(request: SignedInRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    initial = {"roles": sorted(person.role_names - {"Employee"}), "department": person.department_id}
    form = RolesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_roles(
                actor=request.user,
                person=person,
                roles=form.cleaned_data["roles"],
                department=form.cleaned_data["department"],
            )
        except CannotRemoveLastAdmin as error:
            form.add_error("roles", error.message)
        else:
            messages.success(request, _("Roles of %(name)s are saved.") % {"name": person.display_name})
            return redirect("accounts:people")
    return render(request, "accounts/person_roles.html", {"form": form, "person": person})


@login_required
@permission_required(permissions.VIEW_DEPARTMENT_REPORTS, raise_exception=True)
def department(request: SignedInRequest) -> HttpResponse:
    """A manager's people: their department tree (admins see everyone)."""
    if request.user.has_perm(permissions.VIEW_ALL_REPORTS):
        dept_ids = None
    else:
        dept_ids = selectors.managed_department_ids(request.user)
    qs = selectors.people(search=request.GET.get("q", "")[:100], department_ids=dept_ids)
    page = numbered(qs, request.GET.get("page"), size=PAGE_SIZE)
    return render(request, "accounts/department.html", {"page": page, "scope_all": dept_ids is None})
