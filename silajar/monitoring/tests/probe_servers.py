"""Real servers on 127.0.0.1 for the monitor's tests: a TCP port, an HTTP server answering a
given status and body, a port that accepts and never answers, and a DNS resolver stub."""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

from django.db import connection


def in_own_thread(function: Callable[..., Any], *args: Any) -> Any:
    """`function(*args)` in a thread of its own, its database connection closed after it. The
    test process may already run an event loop in the main thread (Playwright's sync API does
    once a browser test has run in it), where `asyncio.run` refuses to start another."""

    def call():
        try:
            return function(*args)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def run_async(coroutine) -> Any:
    """Run `coroutine` on a new event loop (in a thread of its own: see `in_own_thread`)."""
    return in_own_thread(asyncio.run, coroutine)


def free_port() -> int:
    """A TCP port of 127.0.0.1 nothing listens on (connections to it are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _close_at_once(reader, writer) -> None:
    writer.close()


async def tcp_server(port: int = 0) -> asyncio.Server:
    """A listening port that accepts and closes."""
    return await asyncio.start_server(_close_at_once, "127.0.0.1", port)


def port_of(server: asyncio.Server) -> int:
    return server.sockets[0].getsockname()[1]


async def http_server(status: int = 200, body: bytes = b"ok", *, chunked: bool = False):
    async def answer(reader, writer) -> None:
        while (await reader.readline()) not in (b"\r\n", b""):
            pass
        head = f"HTTP/1.1 {status} X\r\nConnection: close\r\n"
        if chunked:
            half = len(body) // 2
            chunks = b"".join(
                f"{len(part):x}\r\n".encode() + part + b"\r\n"
                for part in (body[:half], body[half:])
                if part
            )
            head += "Transfer-Encoding: chunked\r\n\r\n"
            writer.write(head.encode() + chunks + b"0\r\n\r\n")
        else:
            writer.write(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body)
        await writer.drain()
        writer.close()

    return await asyncio.start_server(answer, "127.0.0.1", 0)


async def silent_server() -> asyncio.Server:
    """A port that accepts connections and never answers."""
    held = []

    async def hold(reader, writer) -> None:
        held.append(writer)
        await asyncio.sleep(3600)

    return await asyncio.start_server(hold, "127.0.0.1", 0)


class _Resolver(asyncio.DatagramProtocol):
    def __init__(self, records: dict[str, str]) -> None:
        self.records = records

    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:
        ident = data[:2]
        at, labels = 12, []
        while data[at]:
            labels.append(data[at + 1 : at + 1 + data[at]].decode())
            at += 1 + data[at]
        question = data[12 : at + 5]
        address = self.records.get(".".join(labels))
        if address is None:  # NXDOMAIN
            header = ident + struct.pack("!HHHHH", 0x8183, 1, 0, 0, 0)
            self.transport.sendto(header + question, addr)
            return
        header = ident + struct.pack("!HHHHH", 0x8180, 1, 1, 0, 0)
        answer = struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton(address)
        self.transport.sendto(header + question + answer, addr)


@asynccontextmanager
async def dns_stub(records: dict[str, str]):
    """A resolver on 127.0.0.1 answering A records of `records` and NXDOMAIN for any other
    name; yields its "host:port"."""
    loop = asyncio.get_running_loop()
    transport, _protocol = await loop.create_datagram_endpoint(
        lambda: _Resolver(records), local_addr=("127.0.0.1", 0)
    )
    try:
        yield f"127.0.0.1:{transport.get_extra_info('sockname')[1]}"
    finally:
        transport.close()
