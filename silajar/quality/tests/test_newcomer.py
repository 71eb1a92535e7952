"""A newcomer's first `make run` (issue 10, points 15 and 16)."""

import logging
import shutil
import subprocess
from pathlib import Path

from django.conf import settings


def test_other_libraries_speak_only_of_problems():
    # fontTools printed about 1,260 lines while the demo's PDFs were drawn
    assert logging.getLogger("fontTools.subset").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("weasyprint").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("silajar.tickets").getEffectiveLevel() <= logging.INFO


def test_make_run_on_another_port_links_to_that_port():
    make = shutil.which("make")
    assert make is not None
    plan = subprocess.run(  # noqa: S603 — make from the PATH, fixed arguments
        [make, "-n", "run", "PORT=8080"],
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line for line in plan.splitlines() if "seed_demo" in line or "devserver" in line]
    assert len(lines) == 2
    assert all("SILAJAR_BASE_URL:-http://127.0.0.1:8080" in line for line in lines)
