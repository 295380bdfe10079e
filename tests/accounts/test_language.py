"""English and Spanish: chosen by the browser for visitors, by the profile for people signed in."""

import gettext
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db
LOCALE = Path(settings.BASE_DIR) / "locale"


def test_an_anonymous_visitor_gets_the_language_their_browser_asks_for(client):
    response = client.get(reverse("account_login"), headers={"accept-language": "es-ES,es;q=0.9,en;q=0.5"})
    assert response.headers["Content-Language"] == "es"
    assert '<html lang="es">' in response.content.decode()
    assert "Saltar al contenido principal" in response.content.decode()


def test_the_switcher_sets_the_language_of_an_anonymous_visitor(client):
    response = client.post(reverse("accounts:set-language"), {"language": "es", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert client.get("/accounts/login/").headers["Content-Language"] == "es"


def test_the_switcher_saves_the_language_on_a_signed_in_persons_profile(client_for, employee):
    client = client_for(employee)
    client.post(reverse("accounts:set-language"), {"language": "es", "next": "/"})
    employee.refresh_from_db()
    assert employee.language == "es"
    # The profile wins over the browser's wish from then on.
    response = client.get(reverse("accounts:profile"), headers={"accept-language": "en"})
    assert response.headers["Content-Language"] == "es"


def test_an_unknown_language_changes_nothing(client_for, employee):
    client_for(employee).post(reverse("accounts:set-language"), {"language": "xx", "next": "/"})
    employee.refresh_from_db()
    assert employee.language == "en"


def test_sign_up_keeps_the_language_the_page_was_shown_in(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "nueva@example.org",
            "password1": "una-clave-muy-larga-1",
            "password2": "una-clave-muy-larga-1",
            "display_name": "Nueva Persona",
            "handle": "nueva",
            "time_zone": "Europe/Madrid",
        },
        headers={"accept-language": "es"},
    )
    assert User.objects.get(email="nueva@example.org").language == "es"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs msgfmt (Debian's gettext) to compile the .po")
def test_the_committed_mo_file_is_compiled_from_the_committed_po(tmp_path):
    po = LOCALE / "es" / "LC_MESSAGES" / "django.po"
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(po)], check=True)
    # Compare what the two files say rather than their bytes, which differ between gettext versions.
    fresh = catalog(compiled)
    committed = catalog(LOCALE / "es" / "LC_MESSAGES" / "django.mo")
    assert committed == fresh, (
        "locale/es/LC_MESSAGES/django.mo is stale: run `make messages` (or manage.py compilemessages) and commit it"
    )


def catalog(path: Path) -> dict:
    with path.open("rb") as mo:
        return dict(gettext.GNUTranslations(mo)._catalog)


def test_dates_are_in_the_persons_language_and_time_zone(client_for, employee):
    starts = datetime(2030, 8, 6, 10, 0, tzinfo=UTC)
    session = SessionFactory(starts_at=starts, ends_at=starts + timedelta(hours=2), enrolment_closes_at=starts)
    employee.language, employee.time_zone = "es", "Europe/Madrid"
    employee.save(update_fields=["language", "time_zone"])
    page = client_for(employee).get(reverse("courses:session-detail", args=[session.pk])).content.decode()
    assert "mar 6 Ago 2030, 12:00" in page  # a Tuesday in August, in Spanish, at Madrid's summer time
