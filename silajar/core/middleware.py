"""Per-request context (client address) for the audit trail."""

from contextvars import ContextVar

from django.contrib.auth.middleware import LoginRequiredMiddleware as BaseLoginRequiredMiddleware

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
