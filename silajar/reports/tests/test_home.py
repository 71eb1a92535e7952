"""The home page: agency staff start from "report a problem" and their agency's open work;
every dashboard card says where its link leads."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from silajar.accounts.roles import Role
from silajar.installations.choices import RequestState as S
from silajar.installations.tests.factories import Cast, walk_to
from silajar.tickets.tests.test_portal import closed_ticket, new_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def test_agency_home_leads_with_reporting_and_the_agencys_open_work(
    client_as, agency, other_agency, helpdesk_user, make_user
):
    cast = Cast(agency)
    request = walk_to(S.SUBMITTED, cast)
    technician = make_user(Role.TECHNICIAN)
    mine = new_ticket(helpdesk_user, agency, description="Wi-Fi ruang rapat mati")
    done = closed_ticket(helpdesk_user, technician, agency)
    theirs = new_ticket(helpdesk_user, other_agency)
    html = client_as(cast[Role.OPD_USER]).get("/").content.decode()
    main = html.split('id="main"', 1)[1]
    # the first thing on the page after the greeting is the button to report a problem
    assert main.index(reverse("tickets:portal_report")) < main.index(mine.number)
    assert "Report a problem" in main
    assert mine.number in main and "Wi-Fi ruang rapat mati" in main
    assert request.number in main
    assert done.number not in main and theirs.number not in main
    # no counters of places and colleagues
    assert "Places of my agency" not in main and "Colleagues" not in main
    assert 'data-testid="dashboard-cards"' not in main


def test_staff_cards_say_where_they_lead(client_as, helpdesk_user):
    html = client_as(helpdesk_user).get("/").content.decode()
    links = re.findall(r'class="stretched-link small" href="[^"]+">([^<]*)</a>', html)
    assert "View open tickets" in links
    assert links and all(text.strip() and text.strip() != "Open" for text in links)
    assert len(set(links)) == len(links)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_agency_pages_fit_a_phone(new_page, live_server, client, agency, helpdesk_user, make_user):
    technician = make_user(Role.TECHNICIAN)
    user = make_user(Role.OPD_USER)
    for i in range(3):
        new_ticket(helpdesk_user, agency, description=f"Internet mati di ruang {i} " + "x" * 120)
    rated = closed_ticket(helpdesk_user, technician, agency)
    client.force_login(user, backend="silajar.accounts.backends.UsernameOrEmailBackend")
    page = new_page(
        locale="en-US", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    for path in ("/", reverse("tickets:portal_list")):
        page.goto(live_server.url + path)
        expect(page.locator("main h1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    cards = page.locator("[data-testid=portal-ticket]")
    expect(cards).to_have_count(4)
    for box in (cards.nth(i).bounding_box() for i in range(4)):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    page.goto(live_server.url + reverse("tickets:portal_detail", args=[rated.pk]))
    stars = page.locator("[data-testid=rating-stars] label")
    expect(stars).to_have_count(5)
    tops = {round(stars.nth(i).bounding_box()["y"]) for i in range(5)}
    assert len(tops) == 1, "the rating stars wrap onto a second row"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
