"""Requests timed against the outage (when each started and ended), and a prober that reads a
desk page and the API every half second, keeping the error pages it meets."""

from __future__ import annotations

import http.client
import threading
import time

from loadkit.recording import Recorder

# what an error page must not show: a traceback, the driver's messages, SQL
LEAKS = (
    "Traceback",
    'File "',
    "site-packages",
    "OperationalError",
    "InterfaceError",
    "psycopg",
    "connection to server",
    "INSERT INTO",
    'SELECT "',
    "UPDATE ",
)
PROBE_PATHS = ("/tickets/", "/api/v1/tickets/?state=open")


class TimedRecorder(Recorder):
    """The load's Recorder, plus when each request started and ended (seconds from `zero`, the
    start of the measured run; the warm-up's requests come before it)."""

    def __init__(self) -> None:
        super().__init__()
        self.zero = float("inf")
        self.events: list[dict] = []

    def add(
        self, kind: str, status: int, ms: float, error: str = "", conflict: bool = False
    ) -> None:
        super().add(kind, status, ms, error=error, conflict=conflict)
        end = time.monotonic() - self.zero
        with self.lock:
            self.events.append(
                {
                    "start": end - ms / 1000,
                    "end": end,
                    "kind": kind,
                    "status": status,
                    "error": bool(error) and not conflict,
                    "conflict": conflict,
                }
            )


class Prober(threading.Thread):
    """Reads a desk page and the API list every `every` seconds as a signed-in helpdesk, and
    keeps the status of every answer and the body of the first error pages."""

    def __init__(self, port: int, cookies: dict, recorder: TimedRecorder, stop: threading.Event):
        super().__init__(daemon=True)
        self.port, self.cookies, self.recorder, self.stop = port, cookies, recorder, stop
        self.every = 0.5
        self.answers: list[dict] = []
        self.error_pages: list[dict] = []

    def run(self) -> None:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "silajar-restart-probe/1.0",
            "Accept-Language": "id",
            "Connection": "close",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        n = 0
        while not self.stop.wait(self.every):
            path = PROBE_PATHS[n % len(PROBE_PATHS)]
            n += 1
            started = time.monotonic() - self.recorder.zero
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                connection.request("GET", path, headers=headers)
                answer = connection.getresponse()
                status, body = answer.status, answer.read()
            except (OSError, http.client.HTTPException) as error:
                status, body = 0, repr(error).encode()
            finally:
                connection.close()
            self.answers.append({"start": started, "path": path, "status": status})
            if status >= 400 and len(self.error_pages) < 40:
                self.error_pages.append(
                    {
                        "t": round(started, 1),
                        "path": path,
                        "status": status,
                        "body": body.decode("utf-8", "replace"),
                    }
                )


def leaks(text: str) -> list[str]:
    return [leak for leak in LEAKS if leak in text]
