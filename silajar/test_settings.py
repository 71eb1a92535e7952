"""Settings for the test suite: the real settings plus a scratch app for the workflow engine."""

import os

os.environ.setdefault("DEBUG", "1")
# the suite runs the same on a clean clone: a development install's var/dev.env is not read
os.environ["SILAJAR_DEV_ENV"] = ""
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API in live tests

from silajar.settings import *  # noqa: E402,F403
from silajar.settings import DATABASES, HUEY, INSTALLED_APPS, STORAGES, VAR_DIR  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "silajar.core.tests.workflowapp"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUEY = {**HUEY, "immediate": True}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# each pytest-xdist worker (gw0, gw1, …) keeps its own uploaded files and its own database
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
MEDIA_ROOT = VAR_DIR / f"test-media{'-' + WORKER if WORKER else ''}"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not shared memory: threads in concurrency tests then wait on the lock properly
    # (pytest-django adds the worker's name to it).
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
