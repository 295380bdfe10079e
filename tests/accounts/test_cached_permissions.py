"""What a person may do is kept in the cache between requests, yet a role change applies on the next one."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from accounts.roles import Role

TRAINER_HOME = reverse("courses:trainer-home")


@pytest.fixture(autouse=True)
def _permission_cache_on(settings):
    settings.PERMISSION_CACHE = True  # on by default only with Redis; the test cache stands in for it


def test_a_role_given_opens_its_pages_on_the_next_request(client_for, employee, admin_user):
    client = client_for(employee)
    assert client.get(TRAINER_HOME).status_code == 403
    services.set_roles(actor=admin_user, person=employee, roles=[Role.TRAINER])
    assert client.get(TRAINER_HOME).status_code == 200


def test_a_role_taken_away_closes_its_pages_on_the_next_request(client_for, trainer, admin_user):
    client = client_for(trainer)
    assert client.get(TRAINER_HOME).status_code == 200
    services.set_roles(actor=admin_user, person=trainer, roles=[])
    assert client.get(TRAINER_HOME).status_code == 403


def test_a_permission_taken_from_a_role_applies_to_everyone_who_holds_it(client_for, trainer):
    client = client_for(trainer)
    assert client.get(TRAINER_HOME).status_code == 200
    Group.objects.get(name=Role.TRAINER).permissions.remove(Permission.objects.get(codename="run_sessions"))
    assert client.get(TRAINER_HOME).status_code == 403


def test_permissions_are_read_from_the_database_once_then_from_the_cache(client_for, trainer):
    client = client_for(trainer)
    client.get(TRAINER_HOME)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(TRAINER_HOME).status_code == 200
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]


def test_without_the_cache_permissions_come_from_the_database(client_for, trainer, employee, settings):
    settings.CACHES = {
        **settings.CACHES,
        # Nothing listens on port 9 here: every call fails the way a stopped Redis does.
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"},
    }
    assert client_for(trainer).get(TRAINER_HOME).status_code == 200
    assert client_for(employee).get(TRAINER_HOME).status_code == 403


def test_a_person_added_to_a_role_from_the_role_s_side_gets_it_on_the_next_request(client_for, employee):
    client = client_for(employee)
    assert client.get(TRAINER_HOME).status_code == 403
    Group.objects.get(name=Role.TRAINER).user_set.add(employee)
    assert client.get(TRAINER_HOME).status_code == 200


def test_without_redis_permissions_are_django_s_own(client_for, trainer, settings):
    settings.PERMISSION_CACHE = False
    client = client_for(trainer)
    client.get(TRAINER_HOME)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(TRAINER_HOME).status_code == 200
    assert [q for q in queries.captured_queries if "auth_permission" in q["sql"]]
