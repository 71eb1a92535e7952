"""The project: paths, DEBUG and the secret key, hosts, apps, middleware, templates, the
database, languages, files, e-mail, the cache and the background work, and the logs."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from silajar.env import env, env_bool, env_list, parse_database_url, parse_email_url

BASE_DIR = Path(__file__).resolve().parents[2]
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
