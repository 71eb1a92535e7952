"""Per-request context (client address) for the audit trail; the session's sliding expiry;
deny by default; signed-in answers kept out of every cache."""

import time
from contextvars import ContextVar

from django.contrib.auth.middleware import LoginRequiredMiddleware as BaseLoginRequiredMiddleware
from django.utils.cache import patch_cache_control

client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


def request_client_address(request) -> str | None:
    """The client's address as seen by this app (nginx passes it in REMOTE_ADDR via the proxy
    protocol of gunicorn's forwarded-allow-ips, so no header is trusted here)."""
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_address.set(request_client_address(request))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)


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
