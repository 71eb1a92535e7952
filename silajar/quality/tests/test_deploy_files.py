"""deploy/ stays consistent with the app (issue 10, point 19): nginx takes the largest upload,
proxies to where the web unit binds and passes the headers the client's address relies on,
serves the static files from STATIC_ROOT; the units read the one environment file; the env
example names only variables the settings read, and passes `check --deploy` once filled in;
the README points to every file. (The real-gunicorn test, test_behind_the_proxy.py, starts
gunicorn with the web unit's own arguments.)"""

import ipaddress
import os
import re
import secrets
import shlex
import subprocess
import sys

from django.conf import settings

from silajar.installations.services.survey import MAX_PHOTOS
from silajar.quality.tests.servers import REPO, web_unit_arguments

DEPLOY = REPO / "deploy"
NGINX = (DEPLOY / "nginx-silajar.conf").read_text()
ENV_FILE = "/etc/silajar/env"


def env_example() -> dict[str, str]:
    """deploy/env.example's assignments, as systemd and the shell read them."""
    values = {}
    for line in (DEPLOY / "env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, value = line.split("=", 1)
            values[name] = shlex.split(value)[0] if value else ""
    return values


def option(arguments: list[str], name: str) -> str:
    return arguments[arguments.index(name) + 1]


def nginx_servers() -> list[str]:
    return re.split(r"\nserver \{", NGINX)[1:]


def test_nginx_takes_the_largest_request_the_app_takes():
    sizes = re.findall(r"client_max_body_size (\d+)m;", NGINX)
    largest = MAX_PHOTOS * settings.SILAJAR_UPLOAD_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert sizes, "no client_max_body_size"
    assert all(int(size) * 1024 * 1024 >= largest for size in sizes)


def test_nginx_proxies_to_the_web_unit_with_the_headers_the_client_address_needs():
    bind = option(web_unit_arguments(), "--bind")
    assert re.search(r"upstream silajar \{\s*server " + re.escape(bind) + ";", NGINX)
    assert set(re.findall(r"proxy_pass (\S+);", NGINX)) == {"http://silajar"}
    for server in nginx_servers():
        if "proxy_pass" in server:
            assert "proxy_set_header Host $host;" in server
            assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in server
            assert "proxy_set_header X-Forwarded-Proto $scheme;" in server


def test_the_web_unit_trusts_only_the_proxy_the_app_trusts():
    arguments = web_unit_arguments()
    bind_host = option(arguments, "--bind").rsplit(":", 1)[0]
    assert ipaddress.ip_address(bind_host).is_loopback
    trusted = [ipaddress.ip_network(net) for net in settings.SILAJAR_TRUSTED_PROXIES]
    for proxy in option(arguments, "--forwarded-allow-ips").split(","):
        assert any(ipaddress.ip_address(proxy) in net for net in trusted), proxy


def test_both_units_read_the_environment_file_and_run_from_the_app():
    for unit in ("silajar-web.service", "silajar-worker.service", "silajar-monitor.service"):
        text = (DEPLOY / unit).read_text()
        assert f"EnvironmentFile={ENV_FILE}\n" in text, unit
        assert "WorkingDirectory=/srv/silajar/app\n" in text, unit
    worker = (DEPLOY / "silajar-worker.service").read_text()
    assert "ExecStart=/srv/silajar/app/.venv/bin/python manage.py run_huey\n" in worker
    monitor = (DEPLOY / "silajar-monitor.service").read_text()
    assert "ExecStart=/srv/silajar/app/.venv/bin/python manage.py monitor --shard 1/1\n" in monitor
    assert ENV_FILE in (DEPLOY / "manage.sh").read_text()


def test_nginx_serves_static_files_from_static_root():
    aliases = re.findall(r"location /static/ \{\s*alias (\S+);", NGINX)
    assert aliases == [env_example()["STATIC_ROOT"].rstrip("/") + "/"]


def test_the_env_example_names_only_what_the_settings_read():
    source = "".join(p.read_text() for p in (REPO / "silajar" / "settings").glob("*.py"))
    read = set(re.findall(r"env(?:_bool|_list)?\(\s*\"([A-Z0-9_]+)\"", source))
    example = env_example()
    commented = set(re.findall(r"^#([A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(), re.M))
    assert set(example) | commented <= read
    assert example["DEBUG"] == "0"
    assert example["AXES_PROXY_COUNT"] == "1"  # nginx in front


def test_the_env_example_filled_in_passes_check_deploy(tmp_path):
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    # every <placeholder> filled in (an address in <> is no placeholder)
    env.update({k: re.sub(r"<[^<>@]+>", "isian", v) for k, v in env_example().items()})
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        SILAJAR_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="silajar.settings",
    )
    result = subprocess.run(  # noqa: S603 — our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_readme_points_to_every_deploy_file():
    readme = (REPO / "README.md").read_text()
    missing = [f.name for f in DEPLOY.iterdir() if f"deploy/{f.name}" not in readme]
    assert missing == []
