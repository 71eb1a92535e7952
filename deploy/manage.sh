#!/bin/sh
# manage.py as the services run it: as the user silajar, with /etc/silajar/env, from the app's
# folder. As root: deploy/manage.sh migrate --noinput (README, Deployment).
set -eu
cd "$(dirname "$0")/.."
exec runuser -u silajar -- sh -c 'set -a; . /etc/silajar/env; set +a; exec .venv/bin/python manage.py "$@"' manage.py "$@"
