import os
import uuid

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from accounts.backends import VERSION_KEY
from accounts.roles import Role
from tests.factories import DepartmentFactory, UserFactory

SERVICES = bool(os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL"))


def pytest_collection_modifyitems(config, items):
    if SERVICES:
        return
    skip = pytest.mark.skip(reason="needs the real PostgreSQL and Redis: runs when DATABASE_URL and REDIS_URL are set")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def department(db):
    return DepartmentFactory(name="Nursing", code="nursing")


@pytest.fixture
def employee(db, department):
    return UserFactory(display_name="Erin Employee", handle="erin", department=department)


@pytest.fixture
def colleague(db, department):
    return UserFactory(display_name="Cal Colleague", handle="cal", department=department)


@pytest.fixture
def outsider(db):
    return UserFactory(display_name="Olly Outsider", handle="olly", department=DepartmentFactory(name="Pharmacy"))


@pytest.fixture
def trainer(db):
    return UserFactory(display_name="Theo Trainer", handle="theo", roles=[Role.TRAINER])


@pytest.fixture
def manager(db, department):
    return UserFactory(display_name="Maya Manager", handle="maya", department=department, roles=[Role.MANAGER])


@pytest.fixture
def admin_user(db):
    return UserFactory(display_name="Ada Admin", handle="ada", roles=[Role.ADMIN], is_staff=True)


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request in Spanish leaves Spanish active in the thread
    (LocaleMiddleware activates it and nothing deactivates it), which would leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Rendered post cards and permission sets are keyed by ids; test databases hand the same ids out
    again after each rollback, so no test may see another test's cards or permissions."""
    caches["cards"].clear()
    caches["default"].set(VERSION_KEY, uuid.uuid4().hex, None)  # every cached permission set out of date
