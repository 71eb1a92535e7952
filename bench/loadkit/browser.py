"""One person's browser: plain HTTP/1.1 with cookies and the CSRF token, every request recorded,
and the forms of a page read as a browser would submit them."""

from __future__ import annotations

import html
import http.client
import json
import re
import time
import uuid
from collections import defaultdict
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

from loadkit.recording import Recorder


class Failed(Exception):
    """The request failed (already recorded): give up the task."""


class Conflicted(Failed):
    """Someone else acted on the ticket first (409): expected now and then."""


class Form:
    def __init__(self, action: str, method: str, enctype: str):
        self.action, self.method, self.enctype = action, method, enctype
        self.fields: list[tuple[str, str]] = []
        self.options: dict[str, list[str]] = defaultdict(list)
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)  # select → value → text

    def data(self, **overrides) -> list[tuple[str, str]]:
        pairs = [(k, v) for k, v in self.fields if k not in overrides]
        for key, value in overrides.items():
            if value is not None:
                pairs.append((key, str(value)))
        return pairs


class Page(HTMLParser):
    """The forms of a page (fields with their current values, options of selects and radios)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: list | None = None
        self._textarea: list | None = None
        self._option: list | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form(
                a.get("action") or "", (a.get("method") or "get").lower(), a.get("enctype") or ""
            )
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None:
            return
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("radio", "checkbox"):
                form.options[name].append(a.get("value") or "on")
                if "checked" in a:
                    form.fields.append((name, a.get("value") or "on"))
                return
            form.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = [name, None]
            form.options[name] = []
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            form.options[self._select[0]].append(value)
            self._option = [value, ""]
            if "selected" in a:
                self._select[1] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select and self._form:
            self._form.labels[self._select[0]][self._option[0]] = self._option[1].strip()
            self._option = None
        elif tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, selected = self._select
            options = self._form.options[name]
            if selected is not None or options:
                self._form.fields.append((name, selected if selected is not None else options[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append(tuple(self._textarea))
            self._textarea = None

    def form(self, action_pattern: str) -> Form | None:
        for form in self.forms:
            if form.method == "post" and re.search(action_pattern, form.action):
                return form
        return None


def reason(payload: bytes) -> str:
    """What an error page says: its messages and field errors, else its beginning."""
    text = payload.decode("utf-8", "replace")
    found = re.findall(r'class="[^"]*(?:invalid-feedback|alert)[^"]*"[^>]*>\s*([^<]+)', text)
    return "; ".join(html.unescape(f.strip()) for f in found)[:300] or repr(payload[:300])


def local(url: str) -> str:
    """The path and query of `url` (redirects may name the scheme and host)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def multipart(pairs: list[tuple[str, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    chunks = []
    for name, value in pairs:
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    chunks.append(f"--{boundary}--\r\n")
    return "".join(chunks).encode(), f"multipart/form-data; boundary={boundary}"


class Response:
    def __init__(self, status: int, body: bytes, headers, path: str):
        self.status, self.body, self.headers, self.path = status, body, headers, path

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def page(self) -> Page:
        return Page(self.text)

    def links(self, pattern: str) -> list[str]:
        return sorted(set(re.findall(pattern, self.text)))


class Browser:
    """One person's browser: cookies, the CSRF token, the page it is on; plain HTTP/1.1 with a
    new connection per request, as nginx would open to gunicorn, marked as HTTPS like nginx."""

    def __init__(self, port: int, recorder: Recorder, timeout: float):
        self.port, self.recorder, self.timeout = port, recorder, timeout
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.current = "/"
        self.signed_in = False

    def request(
        self,
        method: str,
        path: str,
        kind: str,
        *,
        data: list | dict | None = None,
        json_body: dict | None = None,
        multipart_form: bool = False,
        headers: dict | None = None,
        follow: str | None = None,
        conflict_ok: bool = False,
        expect: bytes | None = None,
    ) -> Response:
        """One request, recorded under `kind`; a redirect is followed (as `follow`) on demand."""
        body, content_type = None, None
        if json_body is not None:
            body, content_type = json.dumps(json_body).encode(), "application/json"
        elif data is not None:
            pairs = list(data.items()) if isinstance(data, dict) else data
            if multipart_form:
                body, content_type = multipart(pairs)
            else:
                body = urlencode(pairs).encode()
                content_type = "application/x-www-form-urlencoded"
        sent = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "silajar-load/1.0",
            "Accept-Language": "id",
            "Connection": "close",
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET":
            sent["Origin"] = self.origin
            sent["Referer"] = self.origin + self.current
            if "csrftoken" in self.cookies:
                sent["X-CSRFToken"] = self.cookies["csrftoken"]
        if content_type:
            sent["Content-Type"] = content_type
        sent.update(headers or {})
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            payload = answer.read()
        except (OSError, http.client.HTTPException) as error:
            ms = (time.perf_counter() - started) * 1000
            self.recorder.add(kind, 0, ms, error=f"{method} {path}: {error!r}")
            raise Failed from error
        finally:
            connection.close()
        ms = (time.perf_counter() - started) * 1000
        for header in answer.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or "1970" in (morsel["expires"] or ""):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        status = answer.status
        location = answer.getheader("Location") or ""
        error = ""
        if status == 409 and conflict_ok:
            self.recorder.add(kind, status, ms, conflict=True)
            raise Conflicted
        if not 200 <= status < 400:
            error = f"{method} {path} → {status}: {reason(payload)}"
        elif self.signed_in and "/accounts/login/" in location:
            error = f"{method} {path} → signed out (redirect to {location})"
        elif expect is not None and status == 200 and not payload.startswith(expect):
            error = f"{method} {path}: not {expect!r} but {payload[:80]!r}"
        self.recorder.add(kind, status, ms, error=error)
        if error:
            raise Failed
        response = Response(status, payload, answer.headers, path)
        page = "text/html" in (answer.getheader("Content-Type") or "")
        if method == "GET" and status == 200 and page and not (headers or {}).get("HX-Request"):
            self.current = path
        if follow and status in (301, 302, 303):
            return self.request("GET", local(urljoin(path, location)), follow)
        return response

    def submit(
        self, form: Form, kind: str, follow: str, conflict_ok: bool = True, **values
    ) -> Response:
        action = urljoin(self.current, form.action or self.current)
        return self.request(
            "POST",
            action,
            kind,
            data=form.data(**values),
            multipart_form="multipart" in form.enctype,
            follow=follow,
            conflict_ok=conflict_ok,
        )
