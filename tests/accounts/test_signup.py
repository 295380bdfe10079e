import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import User
from tests.factories import PersonaFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def signup(client, **overrides):
    data = {
        "email": "new.nurse@example.org",
        "password1": "a-long-enough-password-42",
        "password2": "a-long-enough-password-42",
        "display_name": "New Nurse",
        "handle": "new_nurse",
        "time_zone": "America/Chicago",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_signup_sends_a_verification_email_whose_link_verifies(client):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="new.nurse@example.org")
    assert user.handle == "new_nurse"
    assert user.time_zone == "America/Chicago"
    assert user.has_role("Employee")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1] if "testserver" in link else "/" + link.split("/", 3)[3]

    confirm_page = client.get(path)
    assert confirm_page.status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified


def test_an_unverified_person_cannot_log_in(client):
    signup(client)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "new.nurse@example.org", "password": "a-long-enough-password-42"}
    )
    # allauth sends them to "verify your e-mail" instead of logging them in.
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_a_verified_person_logs_in(client):
    user = UserFactory(email="ver@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(reverse("account_login"), {"login": "VER@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_from_another_domain_gets_a_clear_form_error(client):
    response = signup(client, email="someone@gmail.com")
    assert response.status_code == 200
    assert "Sign up with your work e-mail address (@example.org)." in response.content.decode()
    assert not User.objects.filter(email="someone@gmail.com").exists()
    assert mail.outbox == []


def test_subdomains_of_an_allowed_domain_may_sign_up(client):
    assert signup(client, email="a@north.example.org").status_code == 302


@pytest.mark.parametrize("handle", ["", "has space", "way_too_long_handle", "dash-ed", "émile", "<script>"])
def test_bad_handles_are_refused(client, handle):
    response = signup(client, handle=handle)
    assert response.status_code == 200
    assert response.context["form"].errors["handle"]
    assert not User.objects.filter(email="new.nurse@example.org").exists()


def test_handles_are_unique_ignoring_case(client):
    UserFactory(handle="NurseJoy")
    response = signup(client, handle="nursejoy")
    assert response.context["form"].errors["handle"] == ["That handle is taken."]


def test_a_handle_that_names_a_persona_or_the_organisation_is_taken(client, settings):
    PersonaFactory(handle="SafetyDesk")
    assert signup(client, handle="safetydesk").context["form"].errors["handle"] == ["That handle is taken."]
    # The organisation's own account exists in every install (made after migrate).
    refused = signup(client, handle=settings.ORG_HANDLE.upper())
    assert refused.context["form"].errors["handle"] == ["That handle is taken."]
    assert not User.objects.filter(email="new.nurse@example.org").exists()


def test_a_leading_at_sign_is_forgiven(client):
    signup(client, handle="@joy_rn")
    assert User.objects.get(email="new.nurse@example.org").handle == "joy_rn"


def test_the_database_refuses_a_duplicate_handle_in_another_case():
    UserFactory(handle="Sam")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="x@example.org", display_name="X", handle="SAM")])


def test_pages_use_the_sites_own_layout(client):
    body = client.get(reverse("account_login")).content.decode()
    assert 'class="skip-link"' in body
    assert "<main" in body
