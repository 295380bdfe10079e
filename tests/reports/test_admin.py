"""Support staff find every model in Django admin, searchable and filterable, with history where it matters."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

APPS = ["accounts", "courses", "practice"]


def models():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


@pytest.mark.parametrize("model", list(models()), ids=lambda m: m.__name__)
def test_every_model_is_in_django_admin(model):
    assert admin.site.is_registered(model)


@pytest.mark.parametrize("model", list(models()), ids=lambda m: m.__name__)
def test_each_list_opens_and_searches(client, model, camp):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    if admin.site._registry[model].search_fields:
        assert client.get(url, {"q": "x"}).status_code == 200


@pytest.mark.parametrize("name", ["enrolment", "grade", "assignment"])
def test_enrolments_grades_and_assignments_keep_their_history(client, name, camp):
    model = apps.get_model("courses", name)
    obj = model.objects.first()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse(f"admin:courses_{name}_history", args=[obj.pk]))
    assert response.status_code == 200
    assert hasattr(model, "history")
