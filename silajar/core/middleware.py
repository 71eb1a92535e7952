"""The client's address behind the proxies, and per request for the audit trail; the health
check asked by address; the session's sliding expiry; deny by default; signed-in answers kept
out of every cache."""

import ipaddress
import time
from contextvars import ContextVar
from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as BaseLoginRequiredMiddleware
from django.core.exceptions import BadRequest
from django.http.request import split_domain_port, validate_host
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


def request_client_address(request) -> str | None:
    """The client's address: the one source of it for the lockout (django-axes'
    AXES_CLIENT_IP_CALLABLE), the API's rate limits and the audit trail.

    gunicorn only ever sees the proxy in front of it (REMOTE_ADDR is nginx's 127.0.0.1). When
    SILAJAR_PROXY_COUNT proxies stand in front (env AXES_PROXY_COUNT) and the request comes
    from one of SILAJAR_TRUSTED_PROXIES, the client is the address the outermost of them saw:
    each proxy appends the address it saw to X-Forwarded-For, so it is the Nth entry from the
    right, and whatever the client itself wrote there (further left) is ignored. Without a
    proxy count, or from any other peer, the header is not read at all."""
    peer = request.META.get("REMOTE_ADDR") or None
    count = settings.SILAJAR_PROXY_COUNT or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not count or not forwarded or not _is_trusted_proxy(peer):
        return peer
    hops = [hop.strip() for hop in forwarded.split(",")]
    return _address(hops[-min(count, len(hops))]) or peer


def _address(text: str | None) -> str | None:
    """An IP address written the one way (an IPv4 address mapped into IPv6 as IPv4), or None."""
    try:
        address = ipaddress.ip_address(text or "")
    except ValueError:
        return None
    return str(getattr(address, "ipv4_mapped", None) or address)


def _is_trusted_proxy(peer: str | None) -> bool:
    address = _address(peer)
    return address is not None and any(
        ipaddress.ip_address(address) in ipaddress.ip_network(proxy, strict=False)
        for proxy in settings.SILAJAR_TRUSTED_PROXIES
    )


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_address.set(request_client_address(request))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)


class NoNulInQueryMiddleware:
    """A query string holding a NUL character is refused (400) before any view reads it: no
    form or filter has a use for it, and PostgreSQL refuses it in every text comparison."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            from silajar.core.views import bad_request  # the views import this module's context

            return bad_request(
                request, BadRequest(_("The address holds a character that is not allowed."))
            )
        return self.get_response(request)


LOOPBACK_HOSTS = ["127.0.0.1", "[::1]", "localhost"]


class HealthCheckByAddressMiddleware:
    """`/healthz` asked by address (`curl http://127.0.0.1:8001/healthz` from a load balancer
    or a systemd check) is answered although the Host is not in ALLOWED_HOSTS: for a loopback
    Host or one of SILAJAR_HEALTHCHECK_HOSTS, the health check's view answers here, before any
    other middleware reads the Host. Nothing else is answered or let through for such a Host:
    every other path goes on to the strict host validation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and self.is_health_check_host(request):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None and match.url_name == "healthz":
                return match.func(request)
        return self.get_response(request)

    @staticmethod
    def is_health_check_host(request) -> bool:
        domain, _port = split_domain_port(request.META.get("HTTP_HOST", ""))
        return bool(domain) and validate_host(
            domain, LOOPBACK_HOSTS + settings.SILAJAR_HEALTHCHECK_HOSTS
        )


class LoginRequiredMiddleware(BaseLoginRequiredMiddleware):
    """Deny by default: every page needs a signed-in user unless marked `login_not_required`.
    The API is left to DRF, which authenticates sessions and tokens itself and answers 401/403
    in the API's error shape instead of redirecting."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


SESSION_REFRESHED = "_silajar_refreshed"  # when the session's expiry last moved on (epoch s)
SESSION_REFRESH_SECONDS = 60


class SlidingSessionMiddleware:
    """A session in use stays alive: its expiry moves on (the session is saved) when it last
    did so a minute ago or more, instead of on every request as SESSION_SAVE_EVERY_REQUEST
    would (a write, and on SQLite the database's write lock, per request). An idle session
    ends SESSION_COOKIE_AGE after its last request, or up to a minute earlier, never later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session, now = request.session, int(time.time())
        due = now - session.get(SESSION_REFRESHED, 0) >= SESSION_REFRESH_SECONDS
        # read first: a cookie of a session that is gone leaves it empty, and it stays unsaved
        if due and not session.is_empty():
            session[SESSION_REFRESHED] = now
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """What a signed-in user gets (a page, an API answer, by session or token) is for them
    alone: no shared or browser cache keeps it (`Cache-Control: private, no-store`), unless the
    view said otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
