"""The probes: one check of one target, in asyncio, with nothing but the standard library.

`probe(spec)` answers a `Result`: whether the check passed, how long it took (ms, from the
start of the check to its answer) and, when it did not pass, why, in a short technical sentence
(kept in `Target.last_error`). The whole check runs within the target's timeout.

* **tcp**: a TCP connection to `host:port` is made (and closed at once).
* **http**: `GET url` over HTTP/1.1 (TLS for https, certificates checked against the system's
  authorities); the answer's status must be `expected_status` (200 when empty; redirects are
  not followed: a target that answers 301 on purpose says so), and the body must contain
  `expected_text` when one is given (the first MiB is read).
* **dns**: `host` must resolve, to `expected_address` when one is given. With a `resolver`
  ("host" or "host:port") the question (A, or AAAA for an IPv6 expected address) goes to it
  over UDP; otherwise to the system's resolver (`getaddrinfo`).
* **icmp**: an echo request to `host` through an unprivileged ICMP datagram socket. Linux allows
  those only to the groups of `net.ipv4.ping_group_range`; when the system refuses, the result
  is *not probeable* and says so: the target stays unknown with that error rather than down.

A result that is not `probeable` means the check could not be made from here (the system
refuses ICMP, a URL that is no http(s) URL): it is neither up nor down for the target."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import os
import secrets
import socket
import ssl
import struct
import time
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

BODY_LIMIT = 1024 * 1024  # what an HTTP check reads of the answer's body, at most
USER_AGENT = "SiLaJar-monitor/1"

_tls: ssl.SSLContext | None = None


@dataclass(frozen=True, slots=True)
class ProbeSpec:
    """What a probe needs to know of its target (the fields of `Target` it reads)."""

    kind: str  # tcp | http | dns | icmp
    host: str = ""
    port: int | None = None
    url: str = ""
    expected_status: int | None = None
    expected_text: str = ""
    expected_address: str = ""
    resolver: str = ""
    timeout: float = 5.0


@dataclass(frozen=True, slots=True)
class Result:
    ok: bool
    latency_ms: float | None = None  # None for a failed check
    error: str = ""
    probeable: bool = True  # False: the check cannot be made from here (see the module)


class NotProbeable(Exception):
    """The check cannot be made from here: a configuration or the system refuses it."""


class Failed(Exception):
    """The check was made and did not pass (the message says what was seen)."""


async def probe(spec: ProbeSpec) -> Result:
    """Check `spec` once, within its timeout."""
    check = CHECKS.get(spec.kind)
    if check is None:
        return Result(False, error=f"unknown kind of target: {spec.kind!r}", probeable=False)
    began = time.perf_counter()
    try:
        async with asyncio.timeout(spec.timeout):
            await check(spec)
    except NotProbeable as refusal:
        return Result(False, error=_short(str(refusal)), probeable=False)
    except TimeoutError:
        return Result(False, error=f"no answer within {spec.timeout:g} s")
    except Failed as failure:
        return Result(False, error=_short(str(failure)))
    except ssl.SSLError as error:
        return Result(False, error=_short(f"TLS: {error.reason or error}"))
    except ConnectionRefusedError:
        return Result(False, error="connection refused")
    except socket.gaierror as error:
        return Result(False, error=_short(f"the name does not resolve: {error.strerror}"))
    except OSError as error:
        return Result(False, error=_short(error.strerror or str(error) or type(error).__name__))
    return Result(True, latency_ms=round((time.perf_counter() - began) * 1000, 3))


def _short(text: str) -> str:
    return text if len(text) <= 255 else text[:254] + "…"


# --- tcp ----------------------------------------------------------------------------------------


async def _tcp(spec: ProbeSpec) -> None:
    if not spec.host or not spec.port:
        raise NotProbeable("a TCP target needs a host and a port")
    _reader, writer = await asyncio.open_connection(spec.host, spec.port)
    await _close(writer)


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(OSError, ssl.SSLError):
        await writer.wait_closed()


# --- http ---------------------------------------------------------------------------------------


def tls_context() -> ssl.SSLContext:
    """The TLS settings of every https check (the system's authorities), made once."""
    global _tls
    if _tls is None:
        _tls = ssl.create_default_context()
    return _tls


async def _http(spec: ProbeSpec) -> None:
    parts = urlsplit(spec.url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        raise NotProbeable("the URL's port is not a number") from None
    if scheme not in ("http", "https") or not parts.hostname:
        raise NotProbeable("an HTTP target needs an http:// or https:// URL")
    secure = scheme == "https"
    reader, writer = await asyncio.open_connection(
        parts.hostname,
        port or (443 if secure else 80),
        ssl=tls_context() if secure else None,
        server_hostname=parts.hostname if secure else None,
    )
    try:
        target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
        if parts.query:
            target += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=~-._?")
        host = parts.netloc.rpartition("@")[2]
        if not host.isascii():
            host = host.encode("idna").decode("ascii")
        writer.write(
            (
                f"GET {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {USER_AGENT}\r\n"
                "Accept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n"
            ).encode("ascii")
        )
        await writer.drain()
        status = _status(await reader.readline())
        expected = spec.expected_status or 200
        if status != expected:
            raise Failed(f"HTTP {status} (expected {expected})")
        if spec.expected_text:
            body = await _body(reader, await _headers(reader))
            if spec.expected_text.encode() not in body:
                raise Failed(f"the answer does not contain {spec.expected_text!r}")
    finally:
        await _close(writer)


def _status(line: bytes) -> int:
    """The status code of an HTTP/1.x status line."""
    parts = line.split(None, 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/") or not parts[1].isdigit():
        raise Failed("not an HTTP answer" if line else "the connection closed without an answer")
    return int(parts[1])


async def _headers(reader: asyncio.StreamReader) -> dict[str, str]:
    headers: dict[str, str] = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            return headers
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()


async def _body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    """The answer's body, its first BODY_LIMIT bytes (chunks joined)."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = b""
        try:
            while len(body) < BODY_LIMIT:
                size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    break
                body += await reader.readexactly(size)
                await reader.readline()  # the chunk's CRLF
        except (ValueError, asyncio.IncompleteReadError):
            raise Failed("the answer's chunks are malformed") from None
        return body[:BODY_LIMIT]
    length = headers.get("content-length", "")
    if length.isdigit():
        try:
            return await reader.readexactly(min(int(length), BODY_LIMIT))
        except asyncio.IncompleteReadError as short:
            return short.partial
    return await _read_to_end(reader)


async def _read_to_end(reader: asyncio.StreamReader) -> bytes:
    body = b""
    while len(body) < BODY_LIMIT:
        chunk = await reader.read(65536)
        if not chunk:
            break
        body += chunk
    return body[:BODY_LIMIT]


# --- dns ----------------------------------------------------------------------------------------

DNS_A, DNS_AAAA = 1, 28
DNS_ERRORS = {1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED"}


async def _dns(spec: ProbeSpec) -> None:
    name = spec.host.strip().rstrip(".")
    if not name:
        raise NotProbeable("a DNS target needs the name to resolve")
    expected = spec.expected_address.strip()
    if spec.resolver.strip():
        qtype = DNS_AAAA if ":" in expected else DNS_A
        addresses = await ask_resolver(name, qtype, _resolver_address(spec.resolver))
    else:
        loop = asyncio.get_running_loop()
        infos = await loop.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
        addresses = {str(info[4][0]) for info in infos}
    if not addresses:
        raise Failed("the name has no address")
    if expected and not _contains(addresses, expected):
        raise Failed(f"{name} resolves to {', '.join(sorted(addresses))}, not {expected}")


def _contains(addresses: set[str], expected: str) -> bool:
    try:
        wanted = ipaddress.ip_address(expected)
    except ValueError:
        return expected in addresses
    return any(ipaddress.ip_address(a) == wanted for a in addresses)


def _resolver_address(text: str) -> tuple[str, int]:
    """("host", port) of a resolver written "host", "host:port" or "[v6]:port"."""
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest.lstrip(":") or "53"
    elif text.count(":") == 1:
        host, port = text.split(":")
    else:
        host, port = text, "53"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise NotProbeable(f"the resolver's port is not a port: {text!r}")
    return host, int(port)


def dns_query(ident: int, name: str, qtype: int) -> bytes:
    """A DNS question for `name` (recursion desired), in the wire format."""
    labels = b"".join(
        bytes([len(label)]) + label for label in (p.encode("idna") for p in name.split("."))
    )
    return (
        struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0)
        + labels
        + b"\0"
        + struct.pack("!HH", qtype, 1)
    )


def _skip_name(data: bytes, at: int) -> int:
    while True:
        length = data[at]
        if length & 0xC0 == 0xC0:  # a pointer ends the name
            return at + 2
        at += 1 + length
        if length == 0:
            return at


def dns_addresses(data: bytes, ident: int, qtype: int) -> set[str]:
    """The addresses of type `qtype` in the answer `data` to the question `ident`."""
    try:
        got, flags, questions, answers = struct.unpack_from("!HHHH", data)
        if got != ident or not flags & 0x8000:
            raise Failed("the resolver's answer does not match the question")
        rcode = flags & 0x000F
        if rcode == 3:
            raise Failed("the name does not exist (NXDOMAIN)")
        if rcode:
            raise Failed(f"the resolver answered {DNS_ERRORS.get(rcode, rcode)}")
        at = 12
        for _ in range(questions):
            at = _skip_name(data, at) + 4
        found = set()
        for _ in range(answers):
            at = _skip_name(data, at)
            rtype, _class, _ttl, size = struct.unpack_from("!HHIH", data, at)
            at += 10
            if rtype == qtype == DNS_A and size == 4:
                found.add(str(ipaddress.IPv4Address(data[at : at + 4])))
            elif rtype == qtype == DNS_AAAA and size == 16:
                found.add(str(ipaddress.IPv6Address(data[at : at + 16])))
            at += size
        return found
    except (struct.error, IndexError):
        raise Failed("the resolver's answer is malformed") from None


class _OneAnswer(asyncio.DatagramProtocol):
    def __init__(self, ident: int) -> None:
        self.ident = ident
        self.answer: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()

    def datagram_received(self, data: bytes, addr) -> None:
        mine = len(data) >= 2 and data[:2] == self.ident.to_bytes(2, "big")
        if mine and not self.answer.done():
            self.answer.set_result(data)

    def error_received(self, exc: Exception) -> None:
        if not self.answer.done():
            self.answer.set_exception(exc)


async def ask_resolver(name: str, qtype: int, resolver: tuple[str, int]) -> set[str]:
    """Ask `resolver` over UDP for the `qtype` addresses of `name` (the caller's timeout)."""
    ident = secrets.randbelow(65536)
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_datagram_endpoint(
        lambda: _OneAnswer(ident), remote_addr=resolver
    )
    try:
        transport.sendto(dns_query(ident, name, qtype))
        return dns_addresses(await protocol.answer, ident, qtype)
    finally:
        transport.close()


# --- icmp ---------------------------------------------------------------------------------------


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def icmp_socket(family: int) -> socket.socket:
    """An unprivileged ICMP datagram socket, or NotProbeable saying why the system refuses."""
    protocol = socket.IPPROTO_ICMPV6 if family == socket.AF_INET6 else socket.IPPROTO_ICMP
    try:
        sock = socket.socket(family, socket.SOCK_DGRAM, protocol)
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM, errno.EPROTONOSUPPORT):
            raise NotProbeable(
                f"ICMP is not allowed for this process: {error.strerror} (the system's "
                "net.ipv4.ping_group_range must include the monitor's group)"
            ) from None
        raise
    sock.setblocking(False)
    return sock


async def _icmp(spec: ProbeSpec) -> None:
    if not spec.host:
        raise NotProbeable("an ICMP target needs a host")
    loop = asyncio.get_running_loop()
    family, *_rest, address = (await loop.getaddrinfo(spec.host, None, type=socket.SOCK_DGRAM))[0]
    sock = icmp_socket(family)
    try:
        request, reply = (128, 129) if family == socket.AF_INET6 else (8, 0)
        sequence = os.getpid() & 0xFFFF
        header = struct.pack("!BBHHH", request, 0, 0, 0, sequence)
        payload = secrets.token_bytes(16)
        checksum = _checksum(header + payload)
        packet = struct.pack("!BBHHH", request, 0, checksum, 0, sequence) + payload
        await loop.sock_sendto(sock, packet, (address[0], 0))
        while True:  # the kernel hands this socket only the replies to its own identifier
            data = await loop.sock_recv(sock, 2048)
            if len(data) >= 8 and data[0] == reply and data[8:] == payload:
                return
    finally:
        sock.close()


CHECKS = {"tcp": _tcp, "http": _http, "dns": _dns, "icmp": _icmp}
