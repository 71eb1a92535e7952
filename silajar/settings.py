"""SiLaJar settings: one module, driven by the environment (see README, "Configuration")."""

import ipaddress
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from silajar.env import (
    dev_env_file,
    env,
    env_bool,
    env_list,
    load_env_file,
    parse_database_url,
    parse_email_url,
)

# A development install's own settings (var/dev.env, written by `make run`), under the real
# environment; production has no such file.
load_env_file(dev_env_file())

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("SILAJAR_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

# Development key: refused whenever DEBUG is off.
INSECURE_DEV_KEY = "django-insecure-silajar-development-only"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", INSECURE_DEV_KEY)
if not DEBUG and (SECRET_KEY == INSECURE_DEV_KEY or len(SECRET_KEY) < 40):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 40 characters when DEBUG is off. "
        "(On a development machine, `make run` writes var/dev.env with DEBUG=1 and a key.)"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
# /healthz also answers for these Hosts (and loopback ones), not in ALLOWED_HOSTS (core.middleware)
SILAJAR_HEALTHCHECK_HOSTS = env_list("SILAJAR_HEALTHCHECK_HOSTS", "")
SILAJAR_BASE_URL = env("SILAJAR_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SILAJAR_BASE_URL)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "huey.contrib.djhuey",
    # SiLaJar's apps, lower layers first (the layers are in pyproject.toml, [tool.importlinter];
    # seed_demo seeds the apps in this order)
    "silajar.core",
    "silajar.organizations",
    "silajar.accounts",
    "silajar.notifications",
    "silajar.documents",
    "silajar.inventory",
    "silajar.tickets",
    "silajar.installations",
    "silajar.providers",
    "silajar.contracts",
    "silajar.monitoring",
    "silajar.bandwidth",
    "silajar.reports",
    "silajar.demo",
]

MIDDLEWARE = [
    "silajar.core.middleware.HealthCheckByAddressMiddleware",  # before anything reads the Host
    "django.middleware.security.SecurityMiddleware",
    "silajar.core.middleware.NoNulInQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "silajar.core.middleware.SlidingSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "silajar.core.middleware.PrivateResponsesMiddleware",
    "silajar.core.middleware.LoginRequiredMiddleware",
    "silajar.core.middleware.RequestContextMiddleware",
    "silajar.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "silajar.urls"
# widgets render through TEMPLATES, so silajar/templates/django/forms/ can override them; the plain
# <input> is written in Python (core/form_renderer.py)
FORM_RENDERER = "silajar.core.form_renderer.FormRenderer"
WSGI_APPLICATION = "silajar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "silajar" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "silajar.core.context_processors.navigation",
            ],
        },
    },
]

# Database: embedded SQLite unless DATABASE_URL names another (PostgreSQL in production).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": parse_database_url(env("DATABASE_URL", ""), VAR_DIR / "silajar.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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

# Internationalisation: Indonesian first, English available.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "silajar" / "locale"]
TIME_ZONE = "Asia/Pontianak"
# the named formats of a moment on screens: "12.40 WIB" in Indonesian (silajar/formats/id)
FORMAT_MODULE_PATH = ["silajar.formats"]
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "silajar_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "silajar" / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never routed: uploads are served only by views that check access
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# E-mail: EMAIL_URL (smtp+tls://user:pass@host:587, consolemail://, filemail:///dir);
# in DEBUG without it, messages are written under var/mail/.
_email_url = env("EMAIL_URL", "")
if _email_url:
    globals().update(parse_email_url(_email_url))
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
else:
    raise ImproperlyConfigured("EMAIL_URL must be set when DEBUG is off.")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "SiLaJar Diskominfo Kalbar <silajar@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Cache and background work: Redis when REDIS_URL is set, otherwise embedded.
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "silajar",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": 4, "worker_type": "thread"},
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "silajar",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

REST_FRAMEWORK = {
    # token first: a request without credentials answers 401 with `WWW-Authenticate: Token`;
    # both refuse (403) an account whose role requires two-factor sign-in until it is on
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "silajar.accounts.authentication.TokenAuthentication",
        "silajar.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "silajar.core.api.Pagination",
    "DEFAULT_SCHEMA_CLASS": "silajar.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "silajar.core.api.exception_handler",
    # the token endpoint: per client address and per account named (accounts/api.py)
    "DEFAULT_THROTTLE_RATES": {"token": "30/minute", "token_account": "10/minute"},
    # a throttle per address keys on core.middleware.request_client_address (accounts/api.py);
    # DRF's own reading of X-Forwarded-For (get_ident) is kept to REMOTE_ADDR
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SiLaJar API",
    "DESCRIPTION": "API Sistem Informasi Layanan Jaringan — Diskominfo Provinsi Kalimantan Barat.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # choice sets whose field names other apps use too (`state`, `kind`, `exclusion(s)`)
    "ENUM_NAME_OVERRIDES": {
        "ContractStateEnum": "silajar.contracts.choices.ContractState",
        "ConsumerKindEnum": "silajar.bandwidth.choices.ConsumerKind",
        "RestitutionMethodEnum": "silajar.contracts.choices.RestitutionMethod",
        "ContractCreateStateEnum": ["draft", "active", "expired", "terminated"],
        "ProcurementMethodEnum": "silajar.contracts.choices.ProcurementMethod",
        "NeedStateEnum": "silajar.contracts.choices.NeedState",
        "LinkKindEnum": "silajar.providers.choices.LinkKind",
        "LinkStatusEnum": "silajar.providers.choices.LinkStatus",
        "ExclusionEnum": "silajar.providers.choices.Exclusion",
        "OutageSourceEnum": "silajar.providers.choices.OutageSource",
        "IncidentSourceEnum": "silajar.providers.choices.IncidentSource",
        "IncidentStateEnum": "silajar.providers.choices.IncidentState",
        "FaultDomainEnum": "silajar.tickets.choices.FaultDomain",
        "TargetKindEnum": "silajar.monitoring.choices.TargetKind",
        "TargetRoleEnum": "silajar.monitoring.choices.TargetRole",
        "TargetStateEnum": "silajar.monitoring.choices.TargetState",
        "SampleKindEnum": ["raw", "hour", "day"],
        "DeviceKindEnum": "silajar.inventory.choices.DeviceKind",
        "DeviceStatusEnum": "silajar.inventory.choices.DeviceStatus",
        "PortKindEnum": "silajar.inventory.choices.PortKind",
        "PortStateEnum": "silajar.inventory.choices.PortState",
    },
}

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

# SiLaJar itself.
SILAJAR_ORGANIZATION_NAME = "Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat"
# Working hours (WIB) per ISO weekday (1 = Monday): Mon–Thu 07:30–16:00, Fri 07:30–16:30.
SILAJAR_WORKING_HOURS = {
    1: [("07:30", "16:00")],
    2: [("07:30", "16:00")],
    3: [("07:30", "16:00")],
    4: [("07:30", "16:00")],
    5: [("07:30", "16:30")],
}
SILAJAR_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# Letterhead (kop surat) of printed forms and letters. The contact lines below are EXAMPLES in
# the office's style, not its verified numbers: set the real ones in the environment. The coat
# of arms is an image file (a static path or an absolute path); the shipped one is a neutral
# placeholder (README, "Letterhead").
SILAJAR_LETTERHEAD = {
    "government": env("SILAJAR_LETTERHEAD_GOVERNMENT", "PEMERINTAH PROVINSI KALIMANTAN BARAT"),
    "office": env("SILAJAR_LETTERHEAD_OFFICE", "DINAS KOMUNIKASI DAN INFORMATIKA"),
    "address": env("SILAJAR_LETTERHEAD_ADDRESS", "Jalan Ahmad Yani Nomor 1, Pontianak 78124"),
    "phone": env("SILAJAR_LETTERHEAD_PHONE", "(0561) 736541"),
    "email": env("SILAJAR_LETTERHEAD_EMAIL", "diskominfo@kalbarprov.go.id"),
    "website": env("SILAJAR_LETTERHEAD_WEBSITE", "diskominfo.kalbarprov.go.id"),
    "emblem": env("SILAJAR_LETTERHEAD_EMBLEM", "documents/emblem-placeholder.svg"),
}

# Official letter numbers: `{seq}` (the yearly sequence), `{year}`, `{month}`, `{month_roman}`.
SILAJAR_REPLY_LETTER_PATTERN = env("SILAJAR_REPLY_LETTER_PATTERN", "555/{seq}/DISKOMINFO-B/{year}")
# The survey reports (berita acara survei) have their own yearly sequence.
SILAJAR_SURVEY_REPORT_PATTERN = env(
    "SILAJAR_SURVEY_REPORT_PATTERN", "555/{seq}/BA-SURVEI/DISKOMINFO-B/{year}"
)
# The internet handover records (BAST, SOP 4) have their own yearly sequence.
SILAJAR_BAST_PATTERN = env("SILAJAR_BAST_PATTERN", "027/{seq}/BAST-INET/DISKOMINFO-B/{year}")
# Who signs outgoing letters (the name comes from the section head who issues the letter).
SILAJAR_LETTER_SIGNATORY_TITLE = env(
    "SILAJAR_LETTER_SIGNATORY_TITLE", "Kepala Seksi Sistem Program dan Administrator"
)
# On whose behalf: `a.n.` (default: "a.n. Kepala Dinas …" above the signer's position), `u.b.`
# (with SILAJAR_LETTER_VIA, the position in between), `Plt.`/`Plh.` (the acting head signs as
# the head) or empty (the signer in his own position). See silajar/documents/signing.py.
SILAJAR_LETTER_SIGNING = {
    "authority": env("SILAJAR_LETTER_AUTHORITY", "a.n."),
    "principal": env("SILAJAR_LETTER_PRINCIPAL", f"Kepala {SILAJAR_ORGANIZATION_NAME}"),
    "via": env("SILAJAR_LETTER_VIA", ""),
    "position": SILAJAR_LETTER_SIGNATORY_TITLE,
}

# The monitor (`manage.py monitor`, docs/monitoring.md): raw latency samples are kept this many
# days (then only hourly and daily roll-ups); an outage open this many minutes opens a provider
# incident by itself; each monitor beats every HEARTBEAT seconds (a killed one leaves at most
# that much time counted as watched) and looks for added, changed or paused targets every
# RELOAD seconds.
SILAJAR_MONITOR_RAW_DAYS = int(env("SILAJAR_MONITOR_RAW_DAYS", "7"))
SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES = float(env("SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES", "10"))
SILAJAR_MONITOR_HEARTBEAT_SECONDS = float(env("SILAJAR_MONITOR_HEARTBEAT_SECONDS", "15"))
SILAJAR_MONITOR_RELOAD_SECONDS = float(env("SILAJAR_MONITOR_RELOAD_SECONDS", "5"))
if (
    SILAJAR_MONITOR_RAW_DAYS < 1
    or min(
        SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES,
        SILAJAR_MONITOR_HEARTBEAT_SECONDS,
        SILAJAR_MONITOR_RELOAD_SECONDS,
    )
    <= 0
):
    raise ImproperlyConfigured(
        "SILAJAR_MONITOR_RAW_DAYS must be at least 1 day, and the monitor's minutes and "
        "seconds above 0."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # other libraries (fontTools subsetting every PDF font, …) speak only of problems unless asked
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL_OTHERS", "WARNING")},
    "loggers": {
        **{name: {"level": env("LOG_LEVEL", "INFO")} for name in ("silajar", "django", "huey")},
        "axes": {"level": "WARNING"},
    },
}

# The bandwidth distribution (docs/bandwidth.md): the maximum rates (MIR) of a contract's
# top-level queues may add up to at most this many times its capacity (oversubscription).
SILAJAR_BANDWIDTH_OVERSUBSCRIPTION = float(env("SILAJAR_BANDWIDTH_OVERSUBSCRIPTION", "2.0"))
if not 1.0 <= SILAJAR_BANDWIDTH_OVERSUBSCRIPTION <= 100.0:
    raise ImproperlyConfigured("SILAJAR_BANDWIDTH_OVERSUBSCRIPTION is a ratio from 1 to 100.")
