"""Numbers out of any range in a query string: the API answers 400 in its error shape, a page
shows its first page; never a 500 (issue 10, point 7)."""

import pytest

from silajar.accounts.roles import Role

HUGE = "9" * 25
pytestmark = pytest.mark.django_db


@pytest.fixture
def helpdesk(client_as, make_user):
    return client_as(make_user(Role.HELPDESK))


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"/api/v1/tickets/?page={HUGE}", "page"),
        ("/api/v1/tickets/?page=0", "page"),
        ("/api/v1/tickets/?page=abc", "page"),
        (f"/api/v1/tickets/?category={HUGE}", "category"),
        (f"/api/v1/installation-requests/?page={HUGE}", "page"),
        ("/api/v1/organizations/?page=0", "page"),  # a list paged by number, not by cursor
        (f"/api/v1/users/?organization={HUGE}", "organization"),
        ("/api/v1/tickets/?created_after=0001-01-01", "created_after"),
        ("/api/v1/installation-requests/?created_before=9999-12-31", "created_before"),
    ],
)
def test_the_api_refuses_a_number_out_of_range(helpdesk, url, field):
    answer = helpdesk.get(url)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"]


@pytest.mark.parametrize("url", [f"/tickets/?page={HUGE}", f"/installations/?page={HUGE}"])
def test_a_page_shows_its_first_page(helpdesk, url):
    answer = helpdesk.get(url)
    assert answer.status_code == 200
    assert answer.context["page"].number == 1


@pytest.mark.parametrize("url", ["/api/v1/organizations/?q=%00", "/api/v1/tickets/?state=a%00b"])
def test_a_nul_in_the_query_string_is_a_400_in_the_api_shape(client_as, helpdesk_user, url):
    response = client_as(helpdesk_user).get(url)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_a_nul_in_the_query_string_of_a_page_is_a_400(client_as, helpdesk_user):
    response = client_as(helpdesk_user).get("/organizations/?q=%00")
    assert response.status_code == 400
