from types import SimpleNamespace

import pytest

from accounts import services
from accounts.adapters import SocialAccountAdapter, unique_handle_from
from tests.factories import DepartmentFactory, PersonaFactory, UserFactory

pytestmark = pytest.mark.django_db


def sociallogin(user, extra_data, existing=True):
    return SimpleNamespace(user=user, is_existing=existing, account=SimpleNamespace(extra_data=extra_data))


def test_each_sso_login_updates_the_department_from_its_claim(rf):
    old, new = DepartmentFactory(code="old"), DepartmentFactory(name="Emergency", code="ed")
    user = UserFactory(department=old)
    SocialAccountAdapter().pre_social_login(rf.get("/"), sociallogin(user, {"userinfo": {"department": "ED"}}))
    user.refresh_from_db()
    assert user.department == new


def test_a_department_claim_may_name_the_department(rf):
    dept = DepartmentFactory(name="Labour & Delivery", code="ld")
    user = UserFactory()
    SocialAccountAdapter().pre_social_login(rf.get("/"), sociallogin(user, {"department": ["labour & delivery"]}))
    user.refresh_from_db()
    assert user.department == dept


def test_an_unknown_department_is_ignored_not_created(rf):
    dept = DepartmentFactory()
    user = UserFactory(department=dept)
    changed = services.apply_sso_claims(user=user, claims={"department": "Nowhere"}, department_claim="department")
    assert not changed
    user.refresh_from_db()
    assert user.department == dept


def test_no_claim_leaves_the_department_alone():
    dept = DepartmentFactory()
    user = UserFactory(department=dept)
    assert not services.apply_sso_claims(user=user, claims={}, department_claim="department")


def test_sso_handles_are_made_unique():
    UserFactory(handle="jsmith")
    assert unique_handle_from("j.smith") == "jsmith2"
    assert unique_handle_from("!!!") == "staff"


def test_sso_handles_never_take_a_personas():
    PersonaFactory(handle="frontdesk")
    assert unique_handle_from("FrontDesk") == "FrontDesk2"
