"""The probes against real sockets on 127.0.0.1 (no database)."""

import asyncio
import errno
import shutil
import socket
import ssl
import subprocess

import pytest

from silajar.monitoring import probes
from silajar.monitoring.probes import ProbeSpec, probe
from silajar.monitoring.tests.probe_servers import (
    dns_stub,
    free_port,
    http_server,
    port_of,
    run_async,
    silent_server,
    tcp_server,
)


def run(coroutine):
    return run_async(coroutine)


def test_tcp_a_listening_port_is_up_a_closed_one_refused():
    async def scenario():
        server = await tcp_server()
        up = await probe(ProbeSpec(kind="tcp", host="127.0.0.1", port=port_of(server)))
        server.close()
        down = await probe(ProbeSpec(kind="tcp", host="127.0.0.1", port=free_port()))
        return up, down

    up, down = run(scenario())
    assert up.ok and up.latency_ms is not None and up.latency_ms >= 0 and up.error == ""
    assert not down.ok and down.probeable and down.latency_ms is None
    assert down.error == "connection refused"


def test_http_status_expected_text_and_chunks():
    async def scenario():
        ok = await http_server(200, b"<h1>Dinas Kominfo siap</h1>")
        failing = await http_server(500, b"oops")
        chunked = await http_server(200, b"SiLaJar monitor test body", chunked=True)
        moved = await http_server(301, b"")
        url = "http://127.0.0.1:%d/status?x=1"
        results = [
            await probe(ProbeSpec(kind="http", url=url % port_of(ok), expected_text="siap")),
            await probe(ProbeSpec(kind="http", url=url % port_of(ok), expected_text="absent")),
            await probe(ProbeSpec(kind="http", url=url % port_of(failing))),
            await probe(ProbeSpec(kind="http", url=url % port_of(chunked), expected_text="or te")),
            await probe(ProbeSpec(kind="http", url=url % port_of(moved), expected_status=301)),
            await probe(ProbeSpec(kind="http", url=url % port_of(moved))),
            await probe(ProbeSpec(kind="http", url="ftp://127.0.0.1/")),
        ]
        for server in (ok, failing, chunked, moved):
            server.close()
        return results

    text, missing, error, chunked, moved, unexpected, ftp = run(scenario())
    assert text.ok and chunked.ok and moved.ok
    assert not missing.ok and missing.error == "the answer does not contain 'absent'"
    assert not error.ok and error.error == "HTTP 500 (expected 200)"
    assert not unexpected.ok and unexpected.error == "HTTP 301 (expected 200)"
    assert not ftp.ok and not ftp.probeable


def test_http_a_port_that_accepts_and_never_answers_times_out():
    async def scenario():
        server = await silent_server()
        spec = ProbeSpec(kind="http", url=f"http://127.0.0.1:{port_of(server)}/", timeout=0.3)
        result = await probe(spec)
        server.close()
        return result

    result = run(scenario())
    assert not result.ok and result.probeable
    assert result.error == "no answer within 0.3 s"


def test_dns_through_a_resolver_stub():
    async def scenario():
        async with dns_stub({"portal.kalbarprov.go.id": "10.1.2.3"}) as resolver:
            spec = ProbeSpec(kind="dns", host="portal.kalbarprov.go.id", resolver=resolver)
            return [
                await probe(spec),
                await probe(ProbeSpec(**{**_fields(spec), "expected_address": "10.1.2.3"})),
                await probe(ProbeSpec(**{**_fields(spec), "expected_address": "10.9.9.9"})),
                await probe(ProbeSpec(**{**_fields(spec), "host": "tidak-ada.kalbarprov.go.id"})),
            ]

    resolved, expected, other, missing = run(scenario())
    assert resolved.ok and expected.ok
    assert not other.ok
    assert other.error == "portal.kalbarprov.go.id resolves to 10.1.2.3, not 10.9.9.9"
    assert not missing.ok and missing.error == "the name does not exist (NXDOMAIN)"


def _fields(spec: ProbeSpec) -> dict:
    return {name: getattr(spec, name) for name in ProbeSpec.__slots__}


def test_dns_through_the_systems_resolver():
    result = run(probe(ProbeSpec(kind="dns", host="localhost", expected_address="127.0.0.1")))
    assert result.ok, result.error


def test_icmp_is_answered_or_refused_in_words(monkeypatch):
    """Where the system allows unprivileged ICMP, 127.0.0.1 answers; where it refuses, the
    target cannot be probed and says why (this machine's net.ipv4.ping_group_range decides)."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP).close()
        allowed = True
    except OSError:
        allowed = False
    result = run(probe(ProbeSpec(kind="icmp", host="127.0.0.1", timeout=1)))
    if allowed:
        assert result.ok, result.error
    else:
        assert not result.ok and not result.probeable
        assert result.error.startswith("ICMP is not allowed for this process: ")

    real = socket.socket

    def refuse_icmp(family=-1, kind=-1, protocol=-1, *args):
        if protocol in (socket.IPPROTO_ICMP, socket.IPPROTO_ICMPV6):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(family, kind, protocol, *args)

    monkeypatch.setattr(probes.socket, "socket", refuse_icmp)
    refused = run(probe(ProbeSpec(kind="icmp", host="127.0.0.1", timeout=1)))
    assert not refused.probeable
    assert refused.error.startswith("ICMP is not allowed for this process: Permission denied")
    assert "ping_group_range" in refused.error


@pytest.mark.parametrize(
    ("text", "address"),
    [("10.0.0.53", ("10.0.0.53", 53)), ("127.0.0.1:5353", ("127.0.0.1", 5353))],
)
def test_resolver_addresses(text, address):
    assert probes._resolver_address(text) == address


def test_https_checks_the_certificate(tmp_path, monkeypatch):
    """A self-signed certificate is refused with the system's authorities, and accepted once
    it is one of them (openssl makes it)."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(  # noqa: S603 — openssl from the PATH, fixed arguments
        [
            shutil.which("openssl") or "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(cert, key)

    async def scenario():
        async def answer(reader, writer):
            await reader.readline()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(answer, "127.0.0.1", 0, ssl=served)
        spec = ProbeSpec(kind="http", url=f"https://localhost:{port_of(server)}/", timeout=2)
        refused = await probe(spec)
        trusting = ssl.create_default_context(cafile=str(cert))
        monkeypatch.setattr(probes, "_tls", trusting)
        accepted = await probe(spec)
        server.close()
        return refused, accepted

    refused, accepted = run(scenario())
    assert not refused.ok and refused.error.startswith("TLS: CERTIFICATE_VERIFY_FAILED")
    assert accepted.ok, accepted.error
