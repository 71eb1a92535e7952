"""SiLaJar settings, driven by the environment (see README, "Configuration"). This package is
`DJANGO_SETTINGS_MODULE`; each concern has its module: `project` (paths, DEBUG, the secret
key, apps, the database, languages, files, e-mail, background work, logs), `security`
(sign-in, sessions, tokens, the lockout, proxies, headers), `rest` (the API and its schema)
and `procedures` (the office and the procedures' knobs, `SILAJAR_*`)."""

from silajar.env import dev_env_file, load_env_file

# A development install's own settings (var/dev.env, written by `make run`), under the real
# environment, read before any module of the package reads the environment; production has no
# such file.
load_env_file(dev_env_file())

# read in this order: of several wrong settings, the most basic is refused first (the key)
# isort: off
from silajar.settings.project import *  # noqa: E402,F403
from silajar.settings.security import *  # noqa: E402,F403
from silajar.settings.rest import *  # noqa: E402,F403
from silajar.settings.procedures import *  # noqa: E402,F403
