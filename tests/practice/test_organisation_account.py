"""The organisation's own account (ORG_HANDLE) is in every install: lessons say "follow @ExampleHealth",
and that page works, shows it as the organisation, can be followed, and posts."""

import re

import pytest
from django.conf import settings
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse

from practice import services
from practice.models import Follow, Persona
from tests.factories import UserFactory, world


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def test_a_migrated_database_has_the_organisation_account(db):
    org = Persona.objects.get(handle__iexact=settings.ORG_HANDLE)
    assert org.name == settings.ORG_NAME and org.feed is None and org.is_organisation
    assert org.bio and org.avatar_initials == "EH"


def test_ensuring_it_again_makes_nothing_new(db):
    first = services.ensure_organisation()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # as every migrate ends
    assert services.ensure_organisation() == first
    assert Persona.objects.filter(handle__iexact=settings.ORG_HANDLE).count() == 1


def test_a_new_org_handle_gets_its_account_and_other_personas_are_not_the_organisation(db, settings):
    settings.ORG_HANDLE, settings.ORG_NAME = "StMarysHosp", "St Mary's Hospital"
    org = services.ensure_organisation()
    assert org.handle == "StMarysHosp" and org.name == "St Mary's Hospital" and org.avatar_initials == "SM"
    assert not Persona.objects.get(handle="ExampleHealth").is_organisation


@pytest.mark.parametrize("handle", ["Example Health", "a_handle_far_too_long_for_x", ""])
def test_an_impossible_handle_makes_no_account(db, settings, handle):
    settings.ORG_HANDLE = handle
    assert services.ensure_organisation() is None


def test_a_person_who_holds_the_handle_keeps_it(db, settings):
    UserFactory(handle="CityGeneral")
    settings.ORG_HANDLE = "citygeneral"
    assert services.ensure_organisation() is None
    assert not Persona.objects.filter(handle__iexact="citygeneral").exists()


def test_the_lesson_s_follow_at_org_works(client_for, w):
    client = client_for(w.employee)
    # The handle typed into a people address (as a learner would after reading the lesson) finds the page.
    response = client.get(reverse("practice:profile", args=[settings.ORG_HANDLE.lower()]))
    assert response.status_code == 302
    assert response["Location"] == reverse("practice:persona", args=[settings.ORG_HANDLE])
    page = client.get(response["Location"]).content.decode()
    assert "Example Health" in page and "Organisation account" in page
    assert ">Persona<" not in page

    client.post(reverse("practice:persona-follow", args=[settings.ORG_HANDLE]))
    assert Follow.objects.filter(follower=w.employee, persona__handle=settings.ORG_HANDLE).exists()


def test_its_posts_reach_followers_with_the_organisation_badge(client_for, w):
    org = services.ensure_organisation()
    services.follow(user=w.employee, target=org)
    post = services.post_as_persona(
        user=w.admin, persona=org, feed=w.open, text="Staff flu clinics open Monday in the atrium. #FluSeason"
    )
    html = client_for(w.employee).get(reverse("practice:home")).content.decode()
    found = re.search(rf'<article[^>]* id="post-{post.pk}".*?</article>', html, re.S).group(0)
    assert 'title="Organisation account"' in found and "badge--persona" not in found
    # Mentions of the handle link to it.
    mention = services.create_post(user=w.colleague, feed=w.open, text="Proud to work at @ExampleHealth")
    services.follow(user=w.employee, target=w.colleague)
    html = client_for(w.employee).get(reverse("practice:home")).content.decode()
    found = re.search(rf'<article[^>]* id="post-{mention.pk}".*?</article>', html, re.S).group(0)
    assert f'href="{reverse("practice:persona", args=["ExampleHealth"])}"' in found


def test_an_unknown_handle_is_still_a_404(client_for, w):
    assert client_for(w.employee).get(reverse("practice:profile", args=["nobody_here"])).status_code == 404
