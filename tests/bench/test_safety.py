"""The bench only ever touches databases named for it, and its floor page is off unless asked for."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from bench import config, views
from tests.factories import UserFactory


def test_it_refuses_a_database_whose_name_is_not_a_bench_name():
    with pytest.raises(SystemExit):
        config.db_url("tweetcamp")
    assert config.db_url("tweetcamp_bench").endswith("/tweetcamp_bench")


def test_the_floor_is_not_routed_by_default():
    with pytest.raises(NoReverseMatch):
        reverse("bench-floor")


def test_only_the_bench_urlconf_routes_the_floor():
    assert reverse("bench-floor", urlconf="bench.urls") == "/bench/floor/"
    assert reverse("practice:home", urlconf="bench.urls") == reverse("practice:home")


def test_the_floor_is_the_bench_processes_own_setting(tmp_path):
    made = {"db": "tweetcamp_bench", "mail_dir": tmp_path, "var_dir": tmp_path}
    assert config.Env(**made).as_dict()["DJANGO_SETTINGS_MODULE"] == "bench.settings"
    assert config.Env(**made, floor=False).as_dict()["DJANGO_SETTINGS_MODULE"] == "tweetcamp.settings"


def test_the_floor_shows_the_signed_in_person(db):
    person = UserFactory(display_name="Flo Floor", handle="flo")
    request = RequestFactory().get("/bench/floor/")
    request.user = person
    response = views.floor(request)
    assert response.status_code == 200
    assert b"Flo Floor" in response.content


def test_the_floor_sends_strangers_to_sign_in(db):
    request = RequestFactory().get("/bench/floor/")
    request.user = AnonymousUser()
    assert views.floor(request).status_code == 302
