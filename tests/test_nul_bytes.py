import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/department/?q=a%00b", "/verify/%00/", "/feed/search/?q=%00", "/courses/?x%00=1"])
def test_a_nul_byte_in_the_address_is_a_400_not_a_500(client_for, manager, url):
    response = client_for(manager).get(url)
    assert response.status_code == 400
    assert "could not be understood" in response.content.decode()


def test_ordinary_queries_still_work(client_for, manager):
    assert client_for(manager).get(reverse("accounts:department") + "?q=nurse").status_code == 200
