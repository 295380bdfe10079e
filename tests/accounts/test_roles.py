import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import services
from accounts.roles import Role, role_permissions
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLE_PAGES = {
    "accounts:people": {"admin_user"},
    "accounts:department": {"manager", "admin_user"},
}


def test_every_role_group_exists_with_its_permissions():
    for role, perms in role_permissions().items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == set(perms)


def test_apps_above_accounts_grant_their_own_model_permissions():
    # courses declares that admins edit reminder rules; accounts never names courses.
    admin = Group.objects.get(name=Role.ADMIN)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in admin.permissions.select_related("content_type")}
    assert {"courses.view_reminderrule", "courses.change_reminderrule"} <= held


@pytest.mark.parametrize("url_name", sorted(ROLE_PAGES))
@pytest.mark.parametrize("persona", ["employee", "trainer", "manager", "admin_user"])
def test_each_role_opens_only_its_own_pages(request, client_for, url_name, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse(url_name))
    expected = 200 if persona in ROLE_PAGES[url_name] else 403
    assert response.status_code == expected
    if expected == 403:
        assert "have access to this page" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "visible", "hidden"),
    [
        ("employee", [], ["People and roles", "Department"]),
        ("trainer", [], ["People and roles", "Department"]),
        ("manager", ["Department"], ["People and roles"]),
        ("admin_user", ["People and roles", "Department"], []),
    ],
)
def test_navigation_shows_each_role_its_own_items(request, client_for, persona, visible, hidden):
    user = request.getfixturevalue(persona)
    nav = client_for(user).get(reverse("home")).context["nav_items"]
    labels = {str(item["label"]) for item in nav}
    assert set(visible) <= labels
    assert not set(hidden) & labels


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("accounts:people"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_admin_assigns_roles_and_department_in_their_page(client_for, admin_user, employee):
    dept = DepartmentFactory(name="ICU")
    response = client_for(admin_user).post(
        reverse("accounts:person-roles", args=[employee.pk]), {"roles": ["Trainer"], "department": dept.pk}
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert {g.name for g in employee.groups.all()} == {"Employee", "Trainer"}
    assert employee.department == dept
    assert not employee.is_staff


def test_granting_admin_opens_django_admin_and_removing_it_closes_it(admin_user, employee):
    services.set_roles(actor=admin_user, person=employee, roles=[Role.ADMIN])
    employee.refresh_from_db()
    assert employee.is_staff
    services.set_roles(actor=admin_user, person=employee, roles=[])
    employee.refresh_from_db()
    assert not employee.is_staff
    assert {g.name for g in employee.groups.all()} == {"Employee"}


def test_the_last_admin_cannot_lose_the_role(client_for, admin_user):
    response = client_for(admin_user).post(reverse("accounts:person-roles", args=[admin_user.pk]), {"roles": []})
    assert response.status_code == 200
    assert "last admin" in response.content.decode()
    assert admin_user.has_role(Role.ADMIN)


def test_unknown_roles_are_a_form_error_not_a_crash(client_for, admin_user, employee):
    response = client_for(admin_user).post(reverse("accounts:person-roles", args=[employee.pk]), {"roles": ["God"]})
    assert response.status_code == 200
    assert response.context["form"].errors["roles"]


def test_a_manager_sees_their_department_tree_only(client_for, manager, department):
    child = DepartmentFactory(name="L&D", parent=department)
    inside = UserFactory(display_name="Inside Person", department=child)
    outside = UserFactory(display_name="Outside Person", department=DepartmentFactory(name="Radiology"))
    page = client_for(manager).get(reverse("accounts:department")).content.decode()
    assert inside.display_name in page
    assert outside.display_name not in page


def test_people_page_queries_do_not_grow_with_people(client_for, admin_user, django_assert_max_num_queries):
    UserFactory.create_batch(5, roles=[Role.TRAINER])
    client = client_for(admin_user)
    with django_assert_max_num_queries(12):
        client.get(reverse("accounts:people"))
    UserFactory.create_batch(30, roles=[Role.MANAGER])
    with django_assert_max_num_queries(12):
        client.get(reverse("accounts:people"))


def test_user_text_is_escaped_on_the_people_page(client_for, admin_user):
    UserFactory(display_name="<script>alert(1)</script>")
    body = client_for(admin_user).get(reverse("accounts:people")).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
