"""The load run's settings with `--static plain`: SiLaJar's own, except that static files are
hashed but not compressed, so `collectstatic` takes seconds instead of minutes (the quick
smoke run). WhiteNoise still serves them."""

from silajar.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
