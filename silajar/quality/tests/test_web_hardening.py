"""Web hardening: security headers on every page, production cookie and transport settings,
CSRF on every URL that takes a POST (pages, HTMX, the API with a session), no unescaped user
data in templates, no account oracle by sign-in, reset or timing, no Host-header poisoning.

Covered elsewhere and not repeated: `check --deploy` (accounts/tests/test_deploy_check.py),
reset links from SILAJAR_BASE_URL under an allowed hostile Host, unknown logins for reset
(accounts/tests/test_password_reset.py), lockout (accounts/tests/test_login.py)."""

from __future__ import annotations

import json
import re
import statistics
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.views import APIView

from silajar.accounts.models import ApiToken
from silajar.accounts.roles import Role
from silajar.accounts.tests.factories import issue_token
from silajar.accounts.tests.test_deploy_check import manage, production_env

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "silajar" / "templates", *ROOT.glob("silajar/*/templates")]
STATIC_JS = ROOT / "silajar" / "static" / "silajar"
SAMPLE = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
}


# --- the URL conf, as concrete sample paths --------------------------------------------------


def _route_sample(pattern) -> str | None:
    text = str(pattern)
    if "format" in text:  # DRF's `.json` suffix variants: the same views again
        return None
    if hasattr(pattern, "_route"):  # path("tickets/<int:pk>/")
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[m.group(1) or "str"], text)
    text = re.sub(r"\(\?P<\w+>[^()]*(?:\([^()]*\)[^()]*)*\)", "1", text)
    text = text.lstrip("^").removesuffix("$").removesuffix(r"\Z").replace(r"\.", ".")
    text = text.replace("/?", "/")
    return None if re.search(r"[()\[\]?*+\\|^$]", text) else text


def url_samples(patterns=None, prefix: str = "/") -> list[tuple[str, URLPattern]]:
    """(a concrete path, its pattern) for every URL of the app; parameters get sample values."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        sample = _route_sample(entry.pattern)
        if sample is None:
            continue
        if isinstance(entry, URLResolver):
            found += url_samples(entry.url_patterns, prefix + sample)
        else:
            found.append((prefix + sample, entry))
    return found


def is_api_view(pattern: URLPattern) -> bool:
    view_class = getattr(pattern.callback, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


@pytest.fixture
def staff(make_user):
    """A signed-in-able user who may see almost everything (no two-factor detour)."""
    return make_user(
        Role.HELPDESK, Role.SECTION_HEAD, Role.NETWORK_ADMIN, is_superuser=True, is_staff=True
    )


def test_url_samples_cover_the_app():
    paths = [p for p, _ in url_samples()]
    assert len(paths) > 80
    for expected in ("/tickets/1/", "/api/v1/tickets/1/sign_off/", "/organizations/import/"):
        assert expected in paths, expected


# --- headers: CSP without inline scripts, frame denial, nosniff -----------------------------


def csp_directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


def assert_strict_csp(response, where: str) -> None:
    header = response.get("Content-Security-Policy")
    assert header, f"{where}: no Content-Security-Policy"
    directives = csp_directives(header)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts is not None, where
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        assert unsafe not in scripts, f"{where}: script-src allows {unsafe}"
    assert "'unsafe-inline'" not in directives.get("style-src", []), where
    if "sandbox" not in directives:
        assert directives.get("frame-ancestors") == ["'none'"], where
        assert directives.get("object-src") == ["'none'"], where
        assert directives.get("base-uri") == ["'self'"], where


def test_every_page_has_strict_headers(client, staff):
    client.force_login(staff)
    checked = 0
    for path, pattern in url_samples():
        if "{" in path or path.endswith("/logout/"):
            continue
        response = client.get(path)
        where = f"GET {path} ({pattern.name}) → {response.status_code}"
        assert response.status_code < 500, where
        assert_strict_csp(response, where)
        assert response["X-Frame-Options"] == "DENY", where
        assert response["X-Content-Type-Options"] == "nosniff", where
        assert response["Referrer-Policy"] == "same-origin", where
        # what a signed-in user sees is theirs alone: no cache keeps it
        cache_control = response.get("Cache-Control", "")
        assert "no-store" in cache_control and "private" in cache_control, where
        checked += 1
        if response.streaming:
            b"".join(response.streaming_content)
    assert checked > 80


def test_api_answers_by_token_are_not_cached(staff, api_client):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(staff)}")
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_an_api_key_is_shown_once_and_never_again(staff, api_client, password):
    """The token endpoint shows the key once; the token page, the account's history and the
    database keep only its first characters."""
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": staff.username, "password": password, "label": "Skrip"},
        format="json",
    )
    key = response.json()["token"]
    client = Client()
    client.force_login(staff)
    for path in ("/accounts/security/tokens/", f"/accounts/users/{staff.pk}/"):
        body = client.get(path).content.decode()
        assert key[:8] in body and key not in body, path
    revoke = f"/accounts/security/tokens/{ApiToken.objects.get(user=staff).pk}/revoke/"
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(staff)
    assert signed_in.post(revoke).status_code == 403  # no CSRF token
    assert ApiToken.objects.filter(user=staff).exists()


def test_anonymous_pages_have_strict_headers(client):
    for path in ("/accounts/login/", "/accounts/password/reset/", "/healthz", "/nowhere/"):
        response = client.get(path)
        assert_strict_csp(response, path)
        assert response["X-Frame-Options"] == "DENY", path


def _template_files():
    for folder in TEMPLATE_DIRS:
        yield from folder.rglob("*.html")


def test_templates_hold_no_inline_script_or_style():
    """What the CSP would block (and so must never be needed): inline scripts, event
    handler attributes, javascript: URLs, style attributes and blocks."""
    offenders = []
    for template in _template_files():
        text = template.read_text()
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.DOTALL | re.I):
            if "src=" not in match.group(1) or match.group(2).strip():
                offenders.append(f"{template}: inline <script>")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text, re.I):
            offenders.append(f"{template}: event handler attribute")
        if re.search(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", text, re.I):
            offenders.append(f"{template}: javascript: URL")
        # PDF templates (documents/) are read by WeasyPrint, not a browser: styles allowed
        inline_style = re.search(r"\sstyle\s*=\s*[\"']|<style\b", text, re.I)
        if inline_style and "documents" not in template.parts:
            offenders.append(f"{template}: inline style")
    assert offenders == []


# --- production: HSTS, secure cookies, TLS redirect ------------------------------------------

PRODUCTION_PROBE = """
import json
from django.conf import settings as s
from django.test import Client, override_settings
static_files = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
override_settings(STORAGES={**s.STORAGES, "staticfiles": static_files}).enable()  # no collectstatic
names = ["DEBUG", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
         "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
         "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_SAMESITE",
         "LANGUAGE_COOKIE_SECURE", "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF"]
out = {n: getattr(s, n) for n in names}
c = Client(HTTP_HOST="silajar.kalbarprov.go.id")
plain = c.get("/accounts/login/")
out["http_status"], out["http_location"] = plain.status_code, plain.get("Location", "")
tls = c.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
out["https_status"], out["hsts"] = tls.status_code, tls.get("Strict-Transport-Security", "")
out["csrf_cookie"] = {k: tls.cookies["csrftoken"][k] for k in ("secure", "httponly", "samesite")}
evil = c.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="evil.example")
out["evil_host_status"] = evil.status_code
print("PROBE" + json.dumps(out))
"""


def test_production_settings_give_hsts_secure_cookies_and_tls(tmp_path):
    result = manage(production_env(tmp_path), "shell", "-c", PRODUCTION_PROBE)
    assert result.returncode == 0, result.stdout + result.stderr
    probe = json.loads(result.stdout.split("PROBE", 1)[1])
    assert probe["DEBUG"] is False
    assert probe["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert probe["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert probe["SECURE_SSL_REDIRECT"] is True
    assert probe["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    for name in ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE"):
        assert probe[name] is True, name
    assert probe["LANGUAGE_COOKIE_SECURE"] is True
    assert probe["SESSION_COOKIE_SAMESITE"] == probe["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert probe["X_FRAME_OPTIONS"] == "DENY" and probe["SECURE_CONTENT_TYPE_NOSNIFF"]
    # plain HTTP is sent to HTTPS; over HTTPS every answer carries HSTS
    assert probe["http_status"] == 301
    assert probe["http_location"] == "https://silajar.kalbarprov.go.id/accounts/login/"
    assert probe["https_status"] == 200
    assert "max-age=31536000" in probe["hsts"] and "includeSubDomains" in probe["hsts"]
    assert probe["csrf_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert probe["evil_host_status"] == 400  # ALLOWED_HOSTS refuses a forged Host


# --- CSRF: every URL refuses a POST without the token ----------------------------------------


def test_no_page_view_is_csrf_exempt():
    exempt = [
        path
        for path, pattern in url_samples()
        if getattr(pattern.callback, "csrf_exempt", False) and not is_api_view(pattern)
    ]
    assert exempt == []


def test_every_url_refuses_a_post_without_csrf_token(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.get("/accounts/login/")  # a CSRF cookie, as a browser would have; no token sent
    checked = []
    for path, pattern in url_samples():
        response = client.post(path, {"x": "1"})
        where = f"POST {path} ({pattern.name}) → {response.status_code}"
        assert response.status_code == 403, where
        # the reason is shown, except by the API docs page (its HTML renderer shows the 403 page)
        assert b"CSRF" in response.content or pattern.name == "api-docs", where
        checked.append(path)
    assert len(checked) > 80
    print(f"\nCSRF: {len(checked)} URLs refuse a POST without the token")


def test_api_with_token_needs_no_csrf_but_session_does(staff, api_client):
    client = Client(enforce_csrf_checks=True)
    url = "/api/v1/tickets/1/comments/"
    token = issue_token(staff)
    with_token = client.post(url, {"body": "x"}, HTTP_AUTHORIZATION=f"Token {token}")
    assert with_token.status_code == 404  # past CSRF: the ticket does not exist
    client.force_login(staff)
    assert client.post(url, {"body": "x"}).status_code == 403


def test_htmx_requests_send_the_csrf_token(staff):
    script = (STATIC_JS / "silajar.js").read_text()
    assert re.search(r"htmx:configRequest[\s\S]*X-CSRFToken[\s\S]*csrfToken", script)
    base = (ROOT / "silajar" / "templates" / "base.html").read_text()
    assert 'data-csrf-token="{{ csrf_token }}"' in base
    assert "htmx.min.js" in base and "silajar/silajar.js" in base

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    page = client.get("/notifications/").content.decode()
    token = re.search(r'data-csrf-token="([^"]+)"', page).group(1)
    url = "/notifications/read-all/"
    refused = client.post(url, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN="wrong" * 8)
    assert refused.status_code == 403
    accepted = client.post(url, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code in (200, 204, 302)


# --- templates never print user data unescaped -----------------------------------------------

# Each entry: (template, the exact unescaped use, why it is safe).
UNESCAPED_ALLOWED = {
    ("accounts/two_factor_setup.html", "{{ qr_svg|safe }}"): (
        "segno's SVG of the provisioning URI: only <path> geometry, no text from the user"
    ),
    ("accounts/email/password_link.txt", "{% autoescape off %}"): (
        "a text/plain e-mail body: HTML escaping would garble names"
    ),
}
UNESCAPED = re.compile(
    r"{{[^}]*\|\s*(?:safe|safeseq)\b[^}]*}}|{%\s*autoescape\s+off\s*%}|{%\s*filter\s+safe"
)


def test_templates_do_not_mark_user_data_safe():
    found = {}
    for folder in TEMPLATE_DIRS:
        for template in folder.rglob("*"):
            if template.suffix not in (".html", ".txt", ".xml"):
                continue
            name = str(template.relative_to(folder))
            for match in UNESCAPED.finditer(template.read_text()):
                found[(name, match.group(0))] = UNESCAPED_ALLOWED.get((name, match.group(0)))
    assert {k: v for k, v in found.items() if v is None} == {}
    assert set(found) == set(UNESCAPED_ALLOWED), "an allowed entry is gone: drop it"


def test_python_code_does_not_mark_html_safe():
    offenders = []
    for source in (ROOT / "silajar").rglob("*.py"):
        if "tests" in source.parts or "migrations" in source.parts or "quality" in source.parts:
            continue
        text = source.read_text()
        for name in ("mark_safe(", "SafeString(", "format_html(", "HttpResponse(f"):
            if name in text:
                offenders.append(f"{source.relative_to(ROOT)}: {name}")
    assert offenders == []


# --- no account oracle: sign-in, reset, API token, timing -------------------------------------


class TimedHasher(PBKDF2PasswordHasher):
    """PBKDF2 slow enough (~10–30 ms) that skipping it would show in the timings."""

    iterations = 40_000


TIMED = {
    "PASSWORD_HASHERS": ["silajar.quality.tests.test_web_hardening.TimedHasher"],
    "AXES_FAILURE_LIMIT": 10_000,  # the lockout is tested elsewhere; here every try counts
}


@pytest.fixture
def known(make_user, password):
    return make_user(Role.TECHNICIAN, username="sari", email="sari@example.org")


def _visible_text(response) -> str:
    """The page without its per-request tokens and echoed input."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    text = re.sub(r'data-csrf-token="[^"]*"', "", text)
    return re.sub(r'name="username"[^>]*value="[^"]*"', 'name="username"', text)


@override_settings(**TIMED)
def test_sign_in_answers_alike_for_unknown_inactive_and_wrong_password(client, make_user, known):
    make_user(Role.TECHNICIAN, username="keluar", is_active=False)
    answers = {}
    for login in ("sari", "sari@example.org", "keluar", "tidak-ada", "tidak-ada@example.org"):
        response = client.post("/accounts/login/", {"username": login, "password": "Salah-123!"})
        answers[login] = (response.status_code, _visible_text(response))
    assert len(set(answers.values())) == 1, {k: v[0] for k, v in answers.items()}


@override_settings(**TIMED)
def test_api_token_answers_alike_for_unknown_and_wrong_password(api_client, known):
    url = "/api/v1/auth/token/"
    wrong = api_client.post(url, {"username": "sari", "password": "Salah-123!"})
    unknown = api_client.post(url, {"username": "tidak-ada", "password": "Salah-123!"})
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()


def _median_ms(send, tries: int = 11) -> float:
    durations = []
    for _ in range(tries):
        started = time.perf_counter()
        send()
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations)


def assert_alike(a_ms: float, b_ms: float, what: str) -> None:
    """Medians within 50% of each other, or 15 ms apart at most (noise on a busy machine)."""
    difference = abs(a_ms - b_ms)
    assert difference < max(0.5 * min(a_ms, b_ms), 15), f"{what}: {a_ms:.1f} vs {b_ms:.1f} ms"


@override_settings(**TIMED)
def test_sign_in_takes_as_long_for_unknown_users(client, known):
    hashing = _median_ms(lambda: TimedHasher().encode("x", TimedHasher().salt()), tries=5)
    assert hashing > 3, "the timing hasher is too fast to show anything"

    def attempt(login):
        return lambda: client.post("/accounts/login/", {"username": login, "password": "Salah1!"})

    attempt("sari")()  # warm up
    known_ms = _median_ms(attempt("sari"))
    unknown_ms = _median_ms(attempt("tidak-ada"))
    assert_alike(known_ms, unknown_ms, "sign-in: wrong password vs unknown user")
    # a real oracle would show: both include the hash, so both take at least its time
    assert min(known_ms, unknown_ms) > hashing * 0.8, (known_ms, unknown_ms, hashing)
    print(f"\ntiming: sign-in known {known_ms:.1f} ms, unknown {unknown_ms:.1f} ms")


@pytest.fixture
def queued(monkeypatch):
    """The worker's queue as in production (tasks wait for the worker), kept in memory."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import MemoryStorage

    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", MemoryStorage(HUEY.name))
    return HUEY


def test_password_reset_takes_as_long_for_unknown_users(client, known, queued):
    def ask(login):
        return lambda: client.post("/accounts/password/reset/", {"login": login})

    ask("sari")()
    known_ms = _median_ms(ask("sari"))
    unknown_ms = _median_ms(ask("tidak-ada@example.org"))
    assert_alike(known_ms, unknown_ms, "reset: known vs unknown")
    # the page did the same for both: it queued the request; nothing was sent or recorded yet
    assert queued.pending_count() == 23 and mail.outbox == []
    print(f"\ntiming: reset known {known_ms:.1f} ms, unknown {unknown_ms:.1f} ms")


@override_settings(
    SILAJAR_BASE_URL="https://silajar.kalbarprov.go.id", ALLOWED_HOSTS=["silajar.kalbarprov.go.id"]
)
def test_password_reset_with_a_forged_host_is_refused(client, known):
    for header in ({"HTTP_HOST": "evil.example"}, {"HTTP_X_FORWARDED_HOST": "evil.example"}):
        response = client.post(
            "/accounts/password/reset/",
            {"login": "sari"},
            **({"HTTP_HOST": "silajar.kalbarprov.go.id"} | header),
        )
        if "HTTP_X_FORWARDED_HOST" in header:  # ignored (USE_X_FORWARDED_HOST is off)
            assert response.status_code == 302
        else:
            assert response.status_code == 400
    assert len(mail.outbox) == 1
    assert "evil.example" not in mail.outbox[0].body
    assert "https://silajar.kalbarprov.go.id/accounts/password/reset/" in mail.outbox[0].body
    assert settings.USE_X_FORWARDED_HOST is False
