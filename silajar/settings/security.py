"""Security: sign-in, passwords, sessions, API tokens, the lockout, the proxies in front, and
the security headers."""

import ipaddress
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from silajar.env import env, env_bool, env_list
from silajar.settings.project import DEBUG

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "silajar.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # a reset link lives two hours

# Sessions end when the browser closes and after 8 idle hours; "remember me" keeps 14 days.
# The expiry slides with use, moved on at most once a minute (core.middleware).
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SILAJAR_REMEMBER_ME_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads it: HTMX takes the token from the page

# An API token unused for this many days is refused (401) and deleted by the nightly job.
SILAJAR_TOKEN_IDLE_DAYS = int(env("SILAJAR_TOKEN_IDLE_DAYS", "30"))
if SILAJAR_TOKEN_IDLE_DAYS < 1:
    raise ImproperlyConfigured(
        "SILAJAR_TOKEN_IDLE_DAYS must be a whole number of days, at least 1."
    )

# django-axes: 5 failures for one username from one address lock it out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "silajar.accounts.lockout.canonical_username"
AXES_LOCKOUT_CALLABLE = "silajar.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "silajar.core.middleware.request_client_address"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

# The client's address (lockout, rate limits, audit trail: core.middleware.request_client_address):
# how many reverse proxies stand in front, each appending to X-Forwarded-For (None: not set, and
# `check --deploy` warns), and the peers trusted to be the nearest of them.
_proxy_count = env("AXES_PROXY_COUNT", "").strip()
if _proxy_count and not _proxy_count.isdigit():
    raise ImproperlyConfigured("AXES_PROXY_COUNT must be a whole number, 0 or more.")
SILAJAR_PROXY_COUNT = int(_proxy_count) if _proxy_count else None
SILAJAR_TRUSTED_PROXIES = env_list("SILAJAR_TRUSTED_PROXIES", "127.0.0.1,::1")
try:
    for _proxy in SILAJAR_TRUSTED_PROXIES:
        ipaddress.ip_network(_proxy, strict=False)
except ValueError as error:
    raise ImproperlyConfigured(f"SILAJAR_TRUSTED_PROXIES: {error}") from error

# Security headers. CSP: scripts and styles only from this app, never inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
