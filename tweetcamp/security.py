"""Response headers that tell the browser what a page may do.

Django's SecurityMiddleware already sends nosniff, the referrer policy and HSTS,
and XFrameOptionsMiddleware sends X-Frame-Options; this adds what Django 5.2
lacks: Content-Security-Policy, Permissions-Policy and Cross-Origin-Opener-Policy.

The policy has no 'unsafe-inline' and no 'unsafe-eval': every script is a static
file, htmx runs with allowEval off (see the htmx-config meta in base.html), and
no template carries an inline <script>, an on*= handler or a style= attribute
(tests/test_security_headers.py scans templates/ for them).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


def content_security_policy() -> str:
    form_action = " ".join(["'self'", *getattr(settings, "CSP_EXTRA_FORM_ACTION", [])])
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        # Lessons may show images by URL from anywhere on HTTPS; data: for inline SVG/PNG (QR codes).
        "img-src": "'self' data: https:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "media-src": "'self'",
        "object-src": "'none'",
        "frame-src": "'none'",
        "frame-ancestors": "'none'",
        # Single sign-on posts to our own URL, which redirects to the provider; browsers check
        # form-action on that redirect too, so the provider's origin is added by settings.
        "form-action": form_action,
        "base-uri": "'self'",
        "manifest-src": "'self'",
        "worker-src": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Adds CSP, Permissions-Policy and COOP to every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY or "same-origin")
        return response


def is_outage(exc: BaseException | None) -> bool:
    """True for an error that means a server we depend on is away (answered 503), not a bug (500)."""
    return isinstance(exc, OperationalError | InterfaceError | BrokerError | RedisConnectionError | RedisTimeoutError)
