import pytest
from django.test import Client
from django.urls import reverse

from tweetcamp.views import server_error

pytestmark = pytest.mark.django_db


def test_unknown_pages_get_the_sites_own_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "couldn" in response.content.decode()


def test_the_welcome_page_offers_sign_in(client):
    body = client.get(reverse("home")).content.decode()
    assert reverse("account_login") in body
    assert 'href="#main"' in body


def test_htmx_is_served_from_our_own_static_files(client):
    body = client.get(reverse("home")).content.decode()
    assert "/static/vendor/htmx-2.0.8.min.js" in body
    assert "unpkg" not in body and "cdn" not in body.lower()


def test_server_errors_render_the_plain_500_page(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Nothing you saved" in response.content


def test_a_post_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
