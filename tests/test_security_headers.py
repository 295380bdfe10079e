"""Every page tells the browser to run only our own scripts, and no template needs anything else."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse

from courses import selectors
from tweetcamp.security import content_security_policy

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# E-mail bodies are read in mail clients, which need inline styles and never run scripts.
PAGE_TEMPLATES = sorted(p for p in TEMPLATES.rglob("*.html") if "email" not in p.relative_to(TEMPLATES).parts)


def csp_of(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_secure_headers(response) -> None:
    csp = csp_of(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:", "https:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert not any("unsafe" in value for values in csp.values() for value in values)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions


@pytest.mark.parametrize("name", ["home", "account_login", "account_signup", "account_reset_password", "health"])
def test_anonymous_pages_send_the_security_headers(client, name):
    response = client.get(reverse(name))
    assert response.status_code in (200, 503)
    assert_secure_headers(response)


@pytest.mark.parametrize(
    "name", ["home", "practice:home", "courses:course-list", "courses:my-camp", "accounts:profile", "privacy-export"]
)
def test_signed_in_pages_send_the_security_headers(client_for, employee, name):
    response = client_for(employee).get(reverse(name))
    assert response.status_code == 200
    assert_secure_headers(response)


def test_admin_and_error_pages_send_them_too(client_for, admin_user, client):
    assert_secure_headers(client_for(admin_user).get("/admin/"))
    assert_secure_headers(client.get("/no-such-page/"))


def test_an_htmx_fragment_sends_them_too(client_for, employee):
    response = client_for(employee).get(reverse("practice:home"), HTTP_HX_REQUEST="true")
    assert_secure_headers(response)


def test_sso_provider_origins_join_form_action(settings):
    settings.CSP_EXTRA_FORM_ACTION = ["https://idp.example.org"]
    assert "form-action 'self' https://idp.example.org;" in content_security_policy()


def test_htmx_is_configured_for_a_policy_without_eval_or_inline_styles(client):
    body = client.get(reverse("home")).content.decode()
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", body)
    assert meta, "base.html configures htmx through its meta tag"
    config = json.loads(meta.group(1))
    assert config["allowEval"] is False
    assert config["includeIndicatorStyles"] is False
    assert config["allowScriptTags"] is False


def test_there_are_page_templates_to_scan():
    assert len(PAGE_TEMPLATES) > 30


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_script_handlers_or_styles(path):
    text = path.read_text(encoding="utf-8")
    # A <script> must load a file, or be inert JSON data; never inline code.
    for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
        assert re.search(r"\bsrc=", tag) or 'type="application/json"' in tag, f"inline script in {path}: {tag}"
    handler = re.search(r"<[^>]*\s(on[a-z]+|hx-on[:\w-]*)\s*=", text, flags=re.IGNORECASE)
    assert handler is None, f"{path} has an inline event handler: {handler.group(1) if handler else ''}"
    assert "javascript:" not in text.lower(), f"{path} has a javascript: URL"
    assert not re.search(r"<[^>]*\sstyle\s*=", text, flags=re.IGNORECASE), f"{path} has an inline style= attribute"
    assert not re.search(r"<style\b", text, flags=re.IGNORECASE), f"{path} has an inline <style> element"
    assert not re.search(r"hx-[a-z]+\s*=\s*[\"']\s*js:", text), f"{path} evaluates script in an hx- attribute"


def test_a_database_outage_is_a_503_page_not_a_traceback(client_for, employee, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(selectors, "course_list", down)
    client = client_for(employee)
    client.raise_request_exception = False
    response = client.get(reverse("courses:course-list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"back in a moment" in response.content
    assert b"Traceback" not in response.content


def test_a_bug_is_still_a_500(client_for, employee, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(selectors, "course_list", broken)
    client = client_for(employee)
    client.raise_request_exception = False
    response = client.get(reverse("courses:course-list"))
    assert response.status_code == 500


def test_production_cookies_are_secure_and_http_only(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-test-secret-that-is-long-enough-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": "tweetcamp.example.org",
        "TWEETCAMP_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tweetcamp.settings",
    }
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"):
        env.pop(name, None)
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in "
        "['SESSION_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY','CSRF_COOKIE_SECURE','CSRF_COOKIE_HTTPONLY',"
        "'SECURE_SSL_REDIRECT','SECURE_HSTS_SECONDS','X_FRAME_OPTIONS','SECURE_CONTENT_TYPE_NOSNIFF']}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    values = json.loads(out.stdout)
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
    }
