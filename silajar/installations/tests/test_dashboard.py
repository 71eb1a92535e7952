"""The home page counts installation requests as each user may see them."""

import pytest

from silajar.accounts.roles import Role
from silajar.installations.choices import RequestState as S
from silajar.installations.testing import Cast, walk_to
from silajar.reports.dashboard import installation_cards


@pytest.fixture
def cast(agency):
    return Cast(agency)


def values(user) -> dict[str, int]:
    return {str(card.label): card.value for card in installation_cards(user)}


def test_cards_count_what_each_user_sees(cast, other_agency, make_user):
    walk_to(S.SURVEY_ASSIGNED, cast)
    walk_to(S.INSTALLED, cast)
    walk_to(S.COMPLETED, cast)
    outsider = make_user(Role.OPD_OPERATOR, organization=other_agency)
    assert values(cast[Role.SECTION_HEAD])["Open installation requests"] == 2
    assert values(cast[Role.TECHNICIAN])["Installations assigned to me"] == 2
    assert values(cast[Role.OPD_USER])["Installations waiting for my agency"] == 1
    assert values(outsider)["Open installation requests"] == 0
    assert installation_cards(make_user(Role.PROVIDER)) == []


def test_home_page_shows_the_cards(cast, client):
    walk_to(S.SUBMITTED, cast)
    client.force_login(cast[Role.UPDE_HEAD])
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "/installations/?state=open" in response.content.decode()
