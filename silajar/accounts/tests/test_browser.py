"""Sign-in, lockout, password reset, language and navigation as a person sees them in Chromium.

Runs against pytest-django's live server (transactional database); see conftest.py here for
the browser fixtures. The browser's locale is Indonesian unless a test says otherwise.
"""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import expect

from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOGIN_PATH = "/accounts/login/"
NEW_PASSWORD = "Kapuas-Sungai-Terpanjang-1143"
PHONE = {"width": 360, "height": 740}

# What [data-testid=main-nav] holds, in order, as (href, English label): the NAVIGATION rules of
# silajar.core.context_processors spelled out. "staff" = is_internal_staff (any office role but
# the system administrator's, or a superuser); "agency" = an OPD role without an office role;
# "admin" = superuser or the accounts.manage_users permission (the system administrator's).
DASHBOARD = ("/", "Dashboard")  # all
TICKETS = ("/tickets/", "Tickets")  # staff
NEW_CALL = ("/tickets/new/", "New call")  # staff
AGENCIES = ("/organizations/", "Agencies")  # staff
MY_AGENCY = ("/organizations/mine/", "My agency")  # agency
REPORT_PROBLEM = ("/tickets/self-help/", "Report a problem")  # agency
OUR_TICKETS = ("/tickets/portal/", "Our tickets")  # agency
MY_QUEUE = ("/tickets/field/", "My queue")  # role:technician
INSTALLATIONS = ("/installations/", "Installations")  # staff or agency
PROVIDERS = ("/providers/", "Providers")  # staff or role:provider
LINKS = ("/providers/links/", "Internet links")  # staff or role:provider
DISRUPTIONS = ("/providers/incidents/", "Internet disruptions")  # staff or role:provider
CONTRACTS = ("/contracts/", "Contracts")  # staff or role:provider
NEEDS = ("/contracts/needs/", "Bandwidth needs")  # staff
MONITORING = ("/monitoring/", "Network monitoring")  # staff or role:provider
# bandwidth.access.may_read_distribution: the office's readers, the providers, superusers
BANDWIDTH = ("/bandwidth/", "Bandwidth distribution")
INTERNET = [PROVIDERS, LINKS, DISRUPTIONS, CONTRACTS, NEEDS, MONITORING]
INTERNET_READERS = [*INTERNET, BANDWIDTH]
INVENTORY = ("/inventory/", "Network inventory")  # staff or agency
REQUEST_INSTALLATION = ("/installations/new/", "Request installation")  # role:opd_operator
USERS = ("/accounts/users/", "Users")  # admin
ROLES = ("/accounts/roles/", "Roles")  # admin
CALENDAR = ("/calendar/", "Working calendar")  # staff or admin
DESK_SETTINGS = ("/tickets/settings/", "Desk settings")  # admin or role:section_head
AUDIT = ("/audit/", "Audit trail")  # core.view_auditevent: superusers
API = ("/api/docs/", "API")  # staff

AGENCY_NAV = [DASHBOARD, MY_AGENCY, REPORT_PROBLEM, OUR_TICKETS, INSTALLATIONS, INVENTORY]
STAFF_NAV = [DASHBOARD, TICKETS, NEW_CALL, AGENCIES, INSTALLATIONS, INVENTORY, *INTERNET]
READER_NAV = [*STAFF_NAV, BANDWIDTH, CALENDAR, API]  # the internet side's readers
STAFF_NAV = [*STAFF_NAV, CALENDAR, API]
TECHNICIAN_NAV = [
    DASHBOARD,
    TICKETS,
    NEW_CALL,
    AGENCIES,
    MY_QUEUE,
    INSTALLATIONS,
    INVENTORY,
    *INTERNET,
    CALENDAR,
    API,
]
SUPERUSER = "superuser"
EXPECTED_NAV = {
    Role.OPD_USER: AGENCY_NAV,
    Role.OPD_OPERATOR: [*AGENCY_NAV, REQUEST_INSTALLATION],
    Role.HELPDESK: STAFF_NAV,
    Role.TECHNICIAN: TECHNICIAN_NAV,
    Role.SECTION_HEAD: [
        DASHBOARD,
        TICKETS,
        NEW_CALL,
        AGENCIES,
        INSTALLATIONS,
        INVENTORY,
        *INTERNET_READERS,
        CALENDAR,
        DESK_SETTINGS,
        API,
    ],
    Role.UPDE_HEAD: READER_NAV,
    Role.NETWORK_ADMIN: READER_NAV,
    Role.PPTK: READER_NAV,
    Role.KPA: READER_NAV,
    # a provider's account attached to no provider yet: no distribution to read
    Role.PROVIDER: [DASHBOARD, PROVIDERS, LINKS, DISRUPTIONS, CONTRACTS, MONITORING],
    Role.AGENCY_HEAD: STAFF_NAV,
    Role.SYSTEM_ADMIN: [DASHBOARD, USERS, ROLES, CALENDAR, DESK_SETTINGS],
    # a superuser holds no role: staff and admin entries, no technician queue
    SUPERUSER: [
        DASHBOARD,
        TICKETS,
        NEW_CALL,
        AGENCIES,
        INSTALLATIONS,
        INVENTORY,
        *INTERNET_READERS,
        USERS,
        ROLES,
        CALENDAR,
        DESK_SETTINGS,
        AUDIT,
        API,
    ],
}


@pytest.fixture
def site(live_server):
    """The live server's base URL, once the role groups are back after the last flush."""
    groups = set(Group.objects.filter(name__in=Role.values).values_list("name", flat=True))
    assert groups == set(Role.values), "post_migrate did not re-create the role groups"
    return live_server.url


@pytest.fixture
def budi(make_user):
    return make_user(
        Role.HELPDESK,
        username="budi.santoso",
        email="budi.santoso@example.org",
        full_name="Budi Santoso, S.Kom.",
    )


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def sign_in(page, site, login, password):
    page.goto(site + LOGIN_PATH)
    page.locator("#id_username").fill(login)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def expect_signed_in(page, site):
    expect(page).to_have_url(site + "/")
    expect(page.locator("[data-testid=main-nav]")).to_be_attached()
    expect(page.locator("main h1")).to_be_visible()


def expect_refused(page, site):
    expect(page).to_have_url(re.compile(re.escape(site + LOGIN_PATH)))
    expect(page.locator("[data-testid=main-nav]")).to_have_count(0)
    expect(page.get_by_role("alert")).to_be_visible()


def nav_links(page) -> list[tuple[str, str]]:
    links = page.locator("[data-testid=main-nav] a")
    return [
        (link.get_attribute("href"), " ".join(link.inner_text().split())) for link in links.all()
    ]


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_login_by_email_in_another_case_lands_on_indonesian_dashboard(page, site, budi, password):
    sign_in(page, site, "BUDI.Santoso@EXAMPLE.org", password)

    expect_signed_in(page, site)
    assert html_lang(page) == "id"
    expect(page.locator("[data-testid=dashboard-cards]")).to_be_attached()


def test_five_wrong_passwords_lock_the_account(page, site, budi, password):
    for attempt in range(5):
        sign_in(page, site, "budi.santoso", f"salah-{attempt}")
        expect_refused(page, site)

    lockout = page.get_by_role("alert").filter(has_text="15")
    expect(lockout).to_be_visible()

    sign_in(page, site, "budi.santoso", password)
    expect_refused(page, site)
    expect(page.get_by_role("alert").filter(has_text="15")).to_be_visible()


def test_password_reset_by_username_through_the_mail(
    page, new_page, site, budi, password, mailoutbox, settings
):
    settings.SILAJAR_BASE_URL = site
    page.goto(site + LOGIN_PATH)
    with page.expect_navigation():
        page.locator("a[href='/accounts/password/reset/']").click()
    page.locator("#id_login").fill("budi.santoso")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-testid=reset-sent]")).to_be_visible()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["budi.santoso@example.org"]
    links = re.findall(re.escape(site) + r"/accounts/password/reset/\S+/\S+/", mail.body)
    assert len(links) == 1, mail.body

    page.goto(links[0])
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(site + LOGIN_PATH)
    expect(page.locator("#messages .alert-success")).to_be_visible()

    sign_in(page, site, "budi.santoso", password)
    expect_refused(page, site)
    sign_in(page, site, "budi.santoso", NEW_PASSWORD)
    expect_signed_in(page, site)

    # the link was for one use only
    other = new_page()
    other.goto(links[0])
    expect(other.locator("[data-testid=reset-invalid]")).to_be_visible()


def test_editing_ones_profile_saves_name_phone_and_position(page, site, budi, password):
    sign_in(page, site, "budi.santoso", password)
    expect_signed_in(page, site)
    page.locator("[data-testid=user-menu]").click()
    with page.expect_navigation():
        page.locator(".dropdown-menu.show a[href='/accounts/profile/']").click()
    expect(page).to_have_url(site + "/accounts/profile/")

    page.locator("#id_full_name").fill("Budi Santoso, S.Kom., M.T.")
    page.locator("#id_phone").fill("0812-5678-9012")
    page.locator("#id_position").fill("Pranata Komputer Ahli Muda")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(site + "/accounts/profile/")
    expect(page.locator("#messages .alert-success")).to_be_visible()
    expect(page.locator("#id_full_name")).to_have_value("Budi Santoso, S.Kom., M.T.")
    expect(page.locator("#id_phone")).to_have_value("0812-5678-9012")
    expect(page.locator("#id_position")).to_have_value("Pranata Komputer Ahli Muda")
    budi.refresh_from_db()
    assert (budi.full_name, budi.phone, budi.position) == (
        "Budi Santoso, S.Kom., M.T.",
        "0812-5678-9012",
        "Pranata Komputer Ahli Muda",
    )


def test_language_select_switches_to_english(page, site, budi, password):
    sign_in(page, site, "budi.santoso", password)
    assert html_lang(page) == "id"

    with page.expect_navigation():
        page.locator("[data-testid=language-select]").select_option("en")

    expect(page).to_have_url(site + "/")
    assert html_lang(page) == "en"
    expect(page.locator("[data-testid=language-select]")).to_have_value("en")
    page.reload()
    assert html_lang(page) == "en"


def signed_in_cookie(site, user) -> dict:
    """A session cookie for `user`, made without the sign-in form (already tested above)."""
    client = Client()
    client.force_login(user, backend="silajar.accounts.backends.UsernameOrEmailBackend")
    return {
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        "url": site,
    }


def test_navigation_each_role_sees(new_page, site, make_user):
    assert set(EXPECTED_NAV) == {*Role.values, SUPERUSER}, "a new role needs its row here"
    page = new_page(locale="en-US")  # English labels do not depend on compiled catalogues
    seen = {}
    for who in EXPECTED_NAV:
        if who == SUPERUSER:
            user = UserFactory(username="root", is_superuser=True, is_staff=True)
        else:
            user = make_user(who, username=f"u_{who}")
        page.context.clear_cookies()
        page.context.add_cookies([signed_in_cookie(site, user)])
        page.goto(site + "/")
        expect_signed_in(page, site)
        seen[who] = nav_links(page)

    assert seen == {who: list(items) for who, items in EXPECTED_NAV.items()}
    for who in (Role.OPD_USER, Role.OPD_OPERATOR):
        hrefs = [href for href, _label in seen[who]]
        assert MY_AGENCY[0] in hrefs
        assert AGENCIES[0] not in hrefs
        assert USERS[0] not in hrefs
    assert USERS in seen[SUPERUSER]
    assert AUDIT in seen[SUPERUSER]
    assert NEEDS not in seen[Role.PROVIDER] and BANDWIDTH not in seen[Role.HELPDESK]


def test_the_desktop_menu_fits_one_line_its_groups_open(new_page, site):
    """The longest menu (a superuser's, in Indonesian) stands on one line at 1280 px: the
    internet side and the administration are drop-down menus."""
    page = new_page(viewport={"width": 1280, "height": 800})
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    page.context.add_cookies([signed_in_cookie(site, user)])
    page.goto(site + "/")
    expect_signed_in(page, site)
    # every entry of the menu and of the user's side, and the brand, on one line
    middles = page.locator("nav.navbar .navbar-brand, nav.navbar .navbar-nav > li").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2 })"
    )
    assert len(middles) > 10 and max(middles) - min(middles) < 8, "the menu wraps onto a line"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    providers = page.locator(f"[data-testid=main-nav] a[href='{PROVIDERS[0]}']")
    expect(providers).to_be_hidden()
    group = page.locator(
        "[data-testid=main-nav] li.dropdown", has=page.locator(f"a[href='{PROVIDERS[0]}']")
    )
    group.locator("button").click()
    expect(providers).to_be_visible()


def test_phone_has_no_horizontal_scroll_and_the_menu_opens(new_page, site, budi, password):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(site + LOGIN_PATH)
    assert page_width(page) <= PHONE["width"]

    sign_in(page, site, "budi.santoso", password)
    expect_signed_in(page, site)
    assert page_width(page) <= PHONE["width"]

    menu = page.locator("#main-nav")
    toggler = page.locator("button.navbar-toggler")
    expect(menu).to_be_hidden()
    expect(toggler).to_be_visible()
    toggler.click()
    expect(menu).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-testid=main-nav] a").first).to_be_visible()
    expect(page.locator("[data-testid=language-select]")).to_be_visible()
    assert page_width(page) <= PHONE["width"]


CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_pages_load_without_console_errors_or_csp_violations(page, site, make_user, password):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    problems = []
    page.on(
        "console",
        lambda msg: msg.type in ("error", "warning") and problems.append(f"console: {msg.text}"),
    )
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"),
    )
    # a request the next navigation cancels (ERR_ABORTED, e.g. the favicon) is not a fault
    page.on(
        "requestfailed",
        lambda r: (
            "ERR_ABORTED" not in (r.failure or "")
            and problems.append(f"failed: {r.url} {r.failure}")
        ),
    )
    page.add_init_script(CSP_LISTENER)

    visited = []

    def check(path):
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__cspViolations")
        problems.extend(f"CSP on {path}: {v}" for v in violations)
        visited.append(path)

    check(LOGIN_PATH)
    check("/accounts/password/reset/")
    sign_in(page, site, "root", password)
    for path in ("/", "/accounts/profile/", "/accounts/users/", "/organizations/"):
        check(path)
    # bootstrap's script ran: the user menu opens
    page.locator("[data-testid=user-menu]").click()
    expect(page.locator(".dropdown-menu.show")).to_be_visible()

    assert not problems, f"on {visited}:\n" + "\n".join(problems)
