#!/usr/bin/env python
"""Render the images under docs/images/ from the demo data and the code as it is now:

- reply-letter-page-N.png: the reply letter of the first demo request that has one;
- survey-report-page-N.png: the survey report (berita acara) of the first surveyed demo request
  with photos;
- portal-360.png: the agency portal's list of reports as the demo agency user sees it on a
  phone 360 px wide.

The demo data is seeded into a fresh SQLite database in a temporary folder (the project's own
database is never touched), a server runs on it for the portal, and Debian's chromium (see
bin/ensure-chromium) draws the pages; the PDF pages are drawn by its PDF viewer at 80 dpi.

    .venv/bin/python bin/render_doc_images.py
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from io import BytesIO
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
CHROMIUM = os.environ.get("SILAJAR_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "SiLaJar-Demo-2026"  # seed_demo's default; demo only  # noqa: S105
PDF_ZOOM = 80 / 96 * 100  # the viewer's 100 % is 96 dpi
A4_RATIO = 842 / 595
PHONE = {"viewport": {"width": 360, "height": 900}, "device_scale_factor": 2, "is_mobile": True}

# prints the PDFs' paths: the reply letter, the survey report (Django set up by `shell`)
WRITE_PDFS = """
from pathlib import Path
from silajar.installations import documents
from silajar.installations.models import InstallationRequest
folder = Path({folder!r})
requests = list(InstallationRequest.objects.order_by("number"))
letter = next(r for r in requests if documents.reply_letter_available(r))
report = next(
    r for r in requests
    if documents.survey_report_available(r) and r.photos.exists()
)
(folder / "reply-letter.pdf").write_bytes(documents.render_reply_letter(letter))
(folder / "survey-report.pdf").write_bytes(documents.render_survey_report(report))
print(letter.number, report.number)
"""


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 — our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 — our local server
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def page_box(shot: bytes) -> Image.Image:
    """The whole A4 page in a screenshot of the PDF viewer (pages are white on the viewer's
    dark background; at the end of a document the page before shows above the last): a run of
    rows from one white across most of the width down as far as the page's left margin stays
    white, as tall as an A4 page that wide."""
    image = Image.open(BytesIO(shot)).convert("RGB")
    grey = image.convert("L")
    width, height = grey.size
    pixels = grey.load()

    def white(x: int, y: int) -> bool:
        return pixels[x, y] > 200

    y = 0
    while y < height:
        if sum(white(x, y) for x in range(width)) > width / 2:
            margin = [x for x in range(width) if white(x, y)]
            left, right = min(margin), max(margin) + 1
            bottom = next((b for b in range(y, height) if not white(left + 2, b)), height)
            if abs((bottom - y) - (right - left) * A4_RATIO) <= 4:
                return image.crop((left, y, right, bottom))
            y = bottom
        y += 1
    raise ValueError("no whole page in the screenshot")


def settled(page, seconds: float = 30) -> bytes:
    """A screenshot once the viewer has finished drawing (it draws in tiles after the load
    event): two alike a second apart."""
    deadline = time.monotonic() + seconds
    shot = page.screenshot()
    while time.monotonic() < deadline:
        page.wait_for_timeout(1000)
        again = page.screenshot()
        if again == shot:
            return shot
        shot = again
    raise TimeoutError(f"the PDF viewer kept drawing {page.url}")


def pdf_pages(browser, pdf: Path, name: str) -> list[Path]:
    count = len(PdfReader(pdf).pages)
    written = []
    for number in range(1, count + 1):
        page = browser.new_page(viewport={"width": 900, "height": 1100})
        page.goto(f"{pdf.as_uri()}#toolbar=0&navpanes=0&zoom={PDF_ZOOM:.2f}&page={number}")
        target = IMAGES / f"{name}-page-{number}.png"
        page_box(settled(page)).save(target, optimize=True)
        written.append(target)
        page.close()
    return written


def portal(browser, site: str) -> Path:
    context = browser.new_context(**PHONE, locale="id-ID")
    page = context.new_page()
    page.goto(f"{site}/accounts/login/")
    page.locator("#id_username").fill("opd_user")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.goto(f"{site}/tickets/portal/")
    page.wait_for_load_state("networkidle")
    target = IMAGES / "portal-360.png"
    page.screenshot(path=str(target))
    context.close()
    return target


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="silajar-images-") as folder:
        env = {**os.environ, "DEBUG": "1", "SILAJAR_VAR_DIR": folder}
        env.pop("DATABASE_URL", None)
        print("Seeding the demo data into a fresh database…", flush=True)
        manage(env, "migrate", "-v0")
        manage(env, "seed_demo")
        drawn = manage(env, "shell", "--no-imports", "-c", WRITE_PDFS.format(folder=folder))
        print("Demo requests drawn:", drawn.strip())
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 — our own manage.py, fixed arguments
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            site = f"http://127.0.0.1:{port}"
            wait_for(f"{site}/healthz")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
                written = [
                    *pdf_pages(browser, Path(folder) / "reply-letter.pdf", "reply-letter"),
                    *pdf_pages(browser, Path(folder) / "survey-report.pdf", "survey-report"),
                    portal(browser, site),
                ]
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
