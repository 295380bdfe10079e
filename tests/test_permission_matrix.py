"""The permission matrix: every URL pattern of the project, as every access persona, against a table.

The patterns come from the URL resolver, so a new page cannot be forgotten: a pattern
missing from MATRIX fails test_every_url_pattern_is_in_the_matrix with its name. Each
row gives a concrete URL (sample kwargs from tests/scene.py) and the status expected
for a GET as anonymous, employee, trainer, manager and admin. POST-only views answer
405 to a GET (after the login check, which may answer first).

Codes: 200 shown; 302 redirected (anonymous: to sign in); 403 refused; 404 not found
(including "not yours": the project hides what a person may not see); 405 GET not allowed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from courses import notices as kinds
from notifications.services import unsubscribe_token
from tests.scene import Scene, build_scene

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "employee", "trainer", "manager", "admin")

# Whole namespaces left out, each for a reason:
EXCLUDED_NAMESPACES = {
    "admin",  # Django admin: its own staff check (is_staff) guards every page; tested by Django itself
}

# Single-sign-on routes answer only for a configured provider; with none configured (as in tests) each is a 404
# for everyone. Their rows below assert exactly that, so a provider switched on by default would be noticed.

Url = Callable[[Scene], str]
R = reverse


def _row(url: Url, anonymous: int, employee: int, trainer: int, manager: int, admin: int):
    return url, (anonymous, employee, trainer, manager, admin)


def _all(url: Url, code: int):
    return _row(url, code, code, code, code, code)


def _signed_in(url: Url, code: int, anonymous: int = 302):
    return _row(url, anonymous, code, code, code, code)


# key: the pattern's "namespace:name" (or its route, for the few unnamed ones).
MATRIX: dict[str, tuple[Url, tuple[int, int, int, int, int]]] = {
    # --- tweetcamp --------------------------------------------------------------------------------
    "home": _all(lambda s: R("home"), 200),
    "health": _row(lambda s: R("health"), 503, 503, 503, 503, 503),  # no beat runs in tests: 503 says so
    "privacy-export": _signed_in(lambda s: R("privacy-export"), 200),
    "privacy-anonymise": _row(
        lambda s: R("privacy-anonymise", args=[s.people["colleague"].pk]), 302, 403, 403, 403, 200
    ),
    # --- allauth ----------------------------------------------------------------------------------
    "account_login": _row(lambda s: R("account_login"), 200, 302, 302, 302, 302),
    "account_logout": _row(lambda s: R("account_logout"), 302, 200, 200, 200, 200),
    "account_inactive": _all(lambda s: R("account_inactive"), 200),
    "account_signup": _row(lambda s: R("account_signup"), 200, 302, 302, 302, 302),
    "account_reauthenticate": _signed_in(lambda s: R("account_reauthenticate"), 200),
    "account_email": _signed_in(lambda s: R("account_email"), 200),
    "account_email_verification_sent": _all(lambda s: R("account_email_verification_sent"), 200),
    "account_change_password": _signed_in(lambda s: R("account_change_password"), 200),
    "account_set_password": _signed_in(lambda s: R("account_set_password"), 302),  # they have a password already
    "account_reset_password": _all(lambda s: R("account_reset_password"), 200),
    "account_confirm_login_code": _row(lambda s: R("account_confirm_login_code"), 302, 302, 302, 302, 302),
    "account_confirm_email": _all(lambda s: R("account_confirm_email", args=["not-a-real-key"]), 200),
    "account_reset_password_from_key_done": _all(lambda s: R("account_reset_password_from_key_done"), 200),
    "account_reset_password_from_key": _all(
        lambda s: R("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "bogus-key"}), 200
    ),
    "account_reset_password_done": _all(lambda s: R("account_reset_password_done"), 200),
    "socialaccount_login_cancelled": _all(lambda s: R("socialaccount_login_cancelled"), 200),
    "socialaccount_login_error": _all(lambda s: R("socialaccount_login_error"), 401),
    "socialaccount_signup": _row(lambda s: R("socialaccount_signup"), 302, 302, 302, 302, 302),
    "socialaccount_connections": _signed_in(lambda s: R("socialaccount_connections"), 200),
    "accounts/social/login/cancelled/": _all(lambda s: "/accounts/social/login/cancelled/", 301),
    "accounts/social/login/error/": _all(lambda s: "/accounts/social/login/error/", 301),
    "accounts/social/signup/": _all(lambda s: "/accounts/social/signup/", 301),
    "accounts/social/connections/": _all(lambda s: "/accounts/social/connections/", 301),
    "saml_acs": _all(lambda s: R("saml_acs", kwargs={"organization_slug": "hospital"}), 302),  # back to sign-in
    "saml_finish_acs": _all(lambda s: R("saml_finish_acs", kwargs={"organization_slug": "hospital"}), 404),
    "saml_sls": _all(lambda s: R("saml_sls", kwargs={"organization_slug": "hospital"}), 404),
    "saml_metadata": _all(lambda s: R("saml_metadata", kwargs={"organization_slug": "hospital"}), 404),
    "saml_login": _all(lambda s: R("saml_login", kwargs={"organization_slug": "hospital"}), 404),
    "openid_connect_login": _all(lambda s: R("openid_connect_login", kwargs={"provider_id": "sso"}), 404),
    "openid_connect_callback": _all(lambda s: R("openid_connect_callback", kwargs={"provider_id": "sso"}), 404),
    # --- accounts ---------------------------------------------------------------------------------
    "accounts:profile": _signed_in(lambda s: R("accounts:profile"), 200),
    "accounts:people": _row(lambda s: R("accounts:people"), 302, 403, 403, 403, 200),
    "accounts:person-roles": _row(
        lambda s: R("accounts:person-roles", args=[s.people["employee"].pk]), 302, 403, 403, 403, 200
    ),
    "accounts:department": _row(lambda s: R("accounts:department"), 302, 403, 403, 200, 200),
    "accounts:set-language": _all(lambda s: R("accounts:set-language"), 405),
    # --- practice ---------------------------------------------------------------------------------
    "practice:home": _signed_in(lambda s: R("practice:home"), 200),
    "practice:home-poll": _signed_in(lambda s: R("practice:home-poll"), 400),  # needs ?since=
    "practice:compose": _signed_in(lambda s: R("practice:compose"), 200),
    "practice:count": _signed_in(lambda s: R("practice:count"), 405),
    # Cohort feeds: members only (the trainer trains it; the admin and the manager belong to no cohort).
    "practice:feed": _row(lambda s: R("practice:feed", args=[s.session.feed_id]), 302, 200, 200, 404, 404),
    "practice:feed-poll": _row(lambda s: R("practice:feed-poll", args=[s.session.feed_id]), 302, 400, 400, 404, 404),
    "practice:console": _row(lambda s: R("practice:console", args=[s.session.feed_id]), 302, 403, 200, 404, 404),
    "practice:post": _row(lambda s: R("practice:post", args=[s.post.pk]), 302, 200, 200, 404, 404),
    "practice:post-like": _signed_in(lambda s: R("practice:post-like", args=[s.post.pk]), 405),
    "practice:post-unlike": _signed_in(lambda s: R("practice:post-unlike", args=[s.post.pk]), 405),
    "practice:post-retweet": _signed_in(lambda s: R("practice:post-retweet", args=[s.post.pk]), 405),
    "practice:post-unretweet": _signed_in(lambda s: R("practice:post-unretweet", args=[s.post.pk]), 405),
    "practice:post-delete": _signed_in(lambda s: R("practice:post-delete", args=[s.own_post.pk]), 405),
    "practice:post-hide": _row(lambda s: R("practice:post-hide", args=[s.post.pk]), 302, 403, 200, 404, 404),
    "practice:profile": _signed_in(lambda s: R("practice:profile", args=["cal"]), 200),
    "practice:follow": _signed_in(lambda s: R("practice:follow", args=["cal"]), 405),
    "practice:unfollow": _signed_in(lambda s: R("practice:unfollow", args=["cal"]), 405),
    "practice:persona": _row(lambda s: R("practice:persona", args=["nurse_nat"]), 302, 200, 200, 404, 404),
    "practice:persona-follow": _signed_in(lambda s: R("practice:persona-follow", args=["nurse_nat"]), 405),
    "practice:persona-unfollow": _signed_in(lambda s: R("practice:persona-unfollow", args=["nurse_nat"]), 405),
    "practice:hashtag": _signed_in(lambda s: R("practice:hashtag", args=["CampOne"]), 200),
    "practice:mentions": _signed_in(lambda s: R("practice:mentions"), 200),
    "practice:notifications": _signed_in(lambda s: R("practice:notifications"), 200),
    "practice:notifications-read": _signed_in(lambda s: R("practice:notifications-read"), 405),
    "practice:search": _signed_in(lambda s: R("practice:search"), 200),
    # --- notifications ----------------------------------------------------------------------------
    "notifications:list": _signed_in(lambda s: R("notifications:list"), 200),
    "notifications:mark-read": _signed_in(lambda s: R("notifications:mark-read"), 405),
    "notifications:preferences": _signed_in(lambda s: R("notifications:preferences"), 200),
    "notifications:unsubscribe": _all(
        lambda s: R(
            "notifications:unsubscribe", args=[unsubscribe_token(s.people["employee"], kinds.SESSION_REMINDER)]
        ),
        200,
    ),
    "notifications:log": _row(lambda s: R("notifications:log"), 302, 403, 403, 403, 200),
    "notifications:retry": _row(lambda s: R("notifications:retry", args=[s.delivery.pk]), 302, 403, 403, 403, 405),
    # --- courses: learners ------------------------------------------------------------------------
    "courses:course-list": _signed_in(lambda s: R("courses:course-list"), 200),
    "courses:course-detail": _signed_in(lambda s: R("courses:course-detail", args=[s.course.slug]), 200),
    "courses:lesson-detail": _signed_in(lambda s: R("courses:lesson-detail", args=[s.course.slug, s.lesson.pk]), 200),
    "courses:lesson-read": _signed_in(lambda s: R("courses:lesson-read", args=[s.course.slug, s.lesson.pk]), 405),
    "courses:session-detail": _signed_in(lambda s: R("courses:session-detail", args=[s.session.pk]), 200),
    "courses:session-enrol": _signed_in(lambda s: R("courses:session-enrol", args=[s.session.pk]), 405),
    "courses:enrolment-detail": _row(
        lambda s: R("courses:enrolment-detail", args=[s.enrolment.pk]), 302, 200, 404, 404, 404
    ),
    "courses:enrolment-cancel": _signed_in(lambda s: R("courses:enrolment-cancel", args=[s.enrolment.pk]), 405),
    "courses:enrolment-move": _signed_in(lambda s: R("courses:enrolment-move", args=[s.enrolment.pk]), 405),
    "courses:enrolment-ics": _row(lambda s: R("courses:enrolment-ics", args=[s.enrolment.pk]), 302, 200, 404, 404, 404),
    "courses:my-camp": _signed_in(lambda s: R("courses:my-camp"), 200),
    "courses:calendar-settings": _signed_in(lambda s: R("courses:calendar-settings"), 200),
    "courses:calendar-feed": _all(lambda s: R("courses:calendar-feed", args=[s.calendar.token]), 200),
    "courses:policy": _signed_in(lambda s: R("courses:policy"), 200),
    # The employee's own certificate: their manager and admins may see it too; a trainer may not.
    "courses:certificate": _row(
        lambda s: R("courses:certificate", args=[s.completion.certificate_code]), 302, 200, 404, 200, 200
    ),
    "courses:certificate-verify": _all(
        lambda s: R("courses:certificate-verify", args=[s.completion.certificate_code]), 200
    ),
    "courses:drill-detail": _signed_in(lambda s: R("courses:drill-detail", args=[s.drill.pk]), 200),
    "courses:drill-attempt": _signed_in(lambda s: R("courses:drill-attempt", args=[s.drill.pk]), 405),
    "courses:drill-results": _signed_in(lambda s: R("courses:drill-results", args=[s.drill.pk]), 200),
    # --- courses: trainers and admins -------------------------------------------------------------
    "courses:trainer-home": _row(lambda s: R("courses:trainer-home"), 302, 403, 200, 403, 200),
    "courses:course-create": _row(lambda s: R("courses:course-create"), 302, 403, 200, 403, 200),
    "courses:course-edit": _row(lambda s: R("courses:course-edit", args=[s.course.slug]), 302, 403, 200, 403, 200),
    "courses:lesson-create": _row(lambda s: R("courses:lesson-create", args=[s.course.slug]), 302, 403, 200, 403, 200),
    "courses:session-create": _row(
        lambda s: R("courses:session-create", args=[s.course.slug]), 302, 403, 200, 403, 200
    ),
    "courses:lesson-preview": _row(lambda s: R("courses:lesson-preview"), 302, 403, 405, 403, 405),
    "courses:lesson-edit": _row(lambda s: R("courses:lesson-edit", args=[s.lesson.pk]), 302, 403, 200, 403, 200),
    "courses:lesson-move": _row(lambda s: R("courses:lesson-move", args=[s.lesson.pk]), 302, 403, 405, 403, 405),
    "courses:session-roster": _row(lambda s: R("courses:session-roster", args=[s.session.pk]), 302, 403, 200, 403, 200),
    "courses:roster-csv": _row(lambda s: R("courses:roster-csv", args=[s.session.pk]), 302, 403, 200, 403, 200),
    "courses:session-edit": _row(lambda s: R("courses:session-edit", args=[s.session.pk]), 302, 403, 200, 403, 200),
    "courses:session-cancel": _row(lambda s: R("courses:session-cancel", args=[s.session.pk]), 302, 403, 200, 403, 200),
    "courses:enrolment-remove": _row(
        lambda s: R("courses:enrolment-remove", args=[s.enrolment.pk]), 302, 403, 200, 403, 200
    ),
    "courses:enrolment-attendance": _row(
        lambda s: R("courses:enrolment-attendance", args=[s.enrolment.pk]), 302, 403, 405, 403, 405
    ),
    "courses:policy-create": _row(lambda s: R("courses:policy-create"), 302, 403, 403, 403, 200),
    "courses:drill-submissions": _row(
        lambda s: R("courses:drill-submissions", args=[s.drill.pk]), 302, 403, 200, 403, 200
    ),
    "courses:drill-regrade": _row(lambda s: R("courses:drill-regrade", args=[s.drill.pk]), 302, 403, 405, 403, 405),
    "courses:submission-override": _row(
        lambda s: R("courses:submission-override", args=[s.submission.pk]), 302, 403, 405, 403, 405
    ),
    "courses:assignment-list": _row(lambda s: R("courses:assignment-list"), 302, 403, 403, 403, 200),
    "courses:assignment-create": _row(lambda s: R("courses:assignment-create"), 302, 403, 403, 403, 200),
    "courses:assignment-edit": _row(
        lambda s: R("courses:assignment-edit", args=[s.assignment.pk]), 302, 403, 403, 403, 200
    ),
    "courses:assignment-delete": _row(
        lambda s: R("courses:assignment-delete", args=[s.assignment.pk]), 302, 403, 403, 403, 405
    ),
    "courses:drill-create": _row(lambda s: R("courses:drill-create", args=[s.lesson.pk]), 302, 403, 200, 403, 200),
    "courses:drill-preview": _row(lambda s: R("courses:drill-preview"), 302, 403, 405, 403, 405),
    "courses:drill-edit": _row(lambda s: R("courses:drill-edit", args=[s.drill.pk]), 302, 403, 200, 403, 200),
    # --- reports ----------------------------------------------------------------------------------
    "reports:dashboard": _row(lambda s: R("reports:dashboard"), 302, 403, 403, 200, 200),
    "reports:people": _row(lambda s: R("reports:people"), 302, 403, 403, 200, 200),
    # The colleague's record: their manager and admins only.
    "reports:person": _row(lambda s: R("reports:person", args=[s.people["colleague"].pk]), 302, 404, 404, 200, 200),
    "reports:my-record": _signed_in(lambda s: R("reports:my-record"), 200),
    "reports:sessions": _row(lambda s: R("reports:sessions"), 302, 403, 200, 403, 200),
    "reports:session": _row(lambda s: R("reports:session", args=[s.session.pk]), 302, 403, 200, 403, 200),
    "reports:after-action": _row(lambda s: R("reports:after-action", args=[s.session.pk]), 302, 403, 200, 403, 200),
    "reports:export": _row(lambda s: R("reports:export", args=["completions", "csv"]), 302, 403, 403, 200, 200),
    "reports:export-background": _row(
        lambda s: R("reports:export-background", args=["completions", "xlsx"]), 302, 403, 403, 405, 405
    ),
    "reports:download": _row(lambda s: R("reports:download", args=["not-a-real-token"]), 302, 404, 404, 404, 404),
}


def _patterns(patterns, namespace: str | None = None, prefix: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            if full and full.split(":")[0] in EXCLUDED_NAMESPACES:
                continue
            yield from _patterns(entry.url_patterns, full, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if entry.name:
                yield f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                yield route


def url_keys() -> list[str]:
    return sorted(set(_patterns(get_resolver().url_patterns)))


def test_every_url_pattern_is_in_the_matrix():
    missing = [key for key in url_keys() if key not in MATRIX]
    assert not missing, f"URL patterns missing from the permission matrix: {missing}"


def test_the_matrix_has_no_stale_rows():
    stale = sorted(set(MATRIX) - set(url_keys()))
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"


@pytest.fixture
def scene(employee, colleague, outsider, trainer, manager, admin_user):
    people = {"employee": employee, "colleague": colleague, "outsider": outsider, "trainer": trainer}
    return build_scene(**people, manager=manager, admin_user=admin_user)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona_as_the_table_says(scene, persona):
    client = Client()
    if persona != "anonymous":
        client.force_login(scene.people[persona])
    column = PERSONAS.index(persona)
    wrong = []
    for key in url_keys():
        if key not in MATRIX:
            continue  # reported by test_every_url_pattern_is_in_the_matrix
        url, expected = MATRIX[key]
        response = client.get(url(scene))
        if response.status_code != expected[column]:
            wrong.append(f"{key} {url(scene)}: expected {expected[column]}, got {response.status_code}")
        if persona == "anonymous" and response.status_code == 302 and expected[column] == 302:
            location = response["Location"]
            assert location.startswith(("/accounts/login/", "/", "http")), f"{key} sends anonymous to {location}"
    assert not wrong, f"{persona}:\n  " + "\n  ".join(wrong)
