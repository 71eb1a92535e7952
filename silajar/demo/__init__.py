"""Demo data for trying SiLaJar out (`manage.py seed_demo`): each app's `demo.seed()`, run in the
order of INSTALLED_APPS, lower layers first."""
