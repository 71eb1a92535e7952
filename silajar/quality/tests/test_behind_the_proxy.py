"""Behind the documented proxy (issue 10, points 1 and 18): a real gunicorn started with the
arguments of deploy/silajar-web.service (`--forwarded-allow-ips 127.0.0.1`), DEBUG off and
AXES_PROXY_COUNT=1, asked as the nginx of deploy/nginx-silajar.conf asks it: from 127.0.0.1,
the client's address appended to X-Forwarded-For. Two clients are told apart by the lockout and
in the audit trail; what a client writes in X-Forwarded-For itself, or what a peer that is not
the proxy sends, is ignored. It also answers /healthz asked by address (wait_ready does so),
while a page asked by address is refused."""

import http.client
import os
import re
import secrets
import sqlite3
from urllib.parse import urlencode

from silajar.quality.tests.servers import gunicorn, manage, web_unit_arguments

HOST = "silajar.kalbarprov.go.id"
PASSWORD = "Sandi-Uji-Proksi-2026"
CLIENT_A, CLIENT_B = "198.51.100.7", "203.0.113.2"
NOT_THE_PROXY = "127.0.0.2"  # another process on the host, asking gunicorn directly
SEED = f"""
from silajar.accounts.models import User
User.objects.create_user(username="pptk", email="pptk@example.org", password="{PASSWORD}")
"""


class Browser:
    """One visitor's sign-in through nginx (or straight from `peer`), cookies kept by hand."""

    def __init__(self, port: int, *, forwarded_for: str | None, peer: str = "127.0.0.1"):
        self.port, self.peer = port, peer
        self.headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
        if forwarded_for is not None:
            self.headers["X-Forwarded-For"] = forwarded_for

    def request(self, method: str, path: str, body: str | None = None, **headers: str):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.peer, 0)
        )
        connection.request(method, path, body=body, headers={**self.headers, **headers})
        response = connection.getresponse()
        return response, response.read().decode()

    def sign_in(self, password: str) -> int:
        page, html = self.request("GET", "/accounts/login/")
        assert page.status == 200, html[-2000:]
        cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "").group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        answer, _html = self.request(
            "POST",
            "/accounts/login/",
            urlencode({"csrfmiddlewaretoken": token, "username": "pptk", "password": password}),
            **{
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie}",
                "Origin": f"https://{HOST}",
            },
        )
        return answer.status


def test_clients_behind_the_proxy_are_told_apart_and_forged_addresses_ignored(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        # the suite's settings for speed (fast password hashing, static files without a
        # manifest), with DEBUG off and the production environment of deploy/env.example
        "DJANGO_SETTINGS_MODULE": "silajar.test_settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SILAJAR_BASE_URL": f"https://{HOST}",
        "EMAIL_URL": "memorymail://",
        "DATABASE_URL": f"sqlite:///{database}",
        "SILAJAR_VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "AXES_PROXY_COUNT": "1",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", SEED)
    # the unit's arguments, on a free port and with two workers instead of four (a shared machine)
    arguments = web_unit_arguments()
    arguments[arguments.index("--workers") + 1] = "2"

    with gunicorn(env, arguments, tmp_path / "gunicorn.log") as port:
        a = Browser(port, forwarded_for=CLIENT_A)
        b = Browser(port, forwarded_for=CLIENT_B)
        # A names B itself; nginx appends A's real address
        a_forging = Browser(port, forwarded_for=f"{CLIENT_B}, {CLIENT_A}")
        # not through nginx: a peer other than the proxy, naming A
        direct = Browser(port, forwarded_for=CLIENT_A, peer=NOT_THE_PROXY)

        assert a.sign_in(PASSWORD) == 302
        assert [a.sign_in("salah-sandi") for _ in range(5)] == [200] * 4 + [429]
        assert a.sign_in(PASSWORD) == 429
        assert a_forging.sign_in(PASSWORD) == 429
        assert b.sign_in(PASSWORD) == 302  # A's lockout is A's alone
        assert direct.sign_in(PASSWORD) == 302  # its header is ignored: it is not A

        # a page asked by address is refused; /healthz by address answered (wait_ready)
        refused, _html = Browser(port, forwarded_for=CLIENT_A).request("GET", "/", Host="127.0.0.1")
        assert refused.status == 400

    with sqlite3.connect(database) as db:
        signed_in = db.execute(
            "SELECT ip_address FROM core_auditevent WHERE action = 'account.signed_in' ORDER BY id"
        ).fetchall()
    assert signed_in == [(CLIENT_A,), (CLIENT_B,), (NOT_THE_PROXY,)]
