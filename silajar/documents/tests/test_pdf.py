"""Offline PDF rendering, the letterhead from settings and QR codes."""

import base64
import io

import pytest
from django.test import override_settings
from pypdf import PdfReader

from silajar.core.tests.files import png_bytes
from silajar.documents import pdf
from silajar.documents.qr import qr_data_uri, qr_svg


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_render_pdf_is_a4_with_the_letterhead():
    content = pdf.render_pdf("documents/base.html", {})
    reader = PdfReader(io.BytesIO(content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = text_of(content)
    assert "PEMERINTAH PROVINSI KALIMANTAN BARAT" in text
    assert "Jalan Ahmad Yani Nomor 1, Pontianak" in text
    assert "(0561) 736541" in text and "000000" not in text  # example contact lines, not zeros
    assert "Pos-el: diskominfo@kalbarprov.go.id" in text


def test_the_letterhead_carries_the_coat_of_arms_image(tmp_path):
    reader = PdfReader(io.BytesIO(pdf.render_pdf("documents/base.html", {})))
    assert "LAMBANG" in reader.pages[0].extract_text()  # the shipped placeholder (an SVG)
    real = tmp_path / "lambang-kalbar.png"
    real.write_bytes(png_bytes((80, 96)))
    with override_settings(SILAJAR_LETTERHEAD={"emblem": str(real)}):
        head = pdf.letterhead()
        assert head["emblem_uri"].startswith("data:image/png;base64,")
        reader = PdfReader(io.BytesIO(pdf.render_pdf("documents/base.html", {})))
    assert "LAMBANG" not in reader.pages[0].extract_text()
    assert [image.image.size for image in reader.pages[0].images] == [(80, 96)]
    with override_settings(SILAJAR_LETTERHEAD={"emblem": "documents/no-such-file.png"}):
        assert pdf.letterhead()["emblem_uri"] == ""  # a missing file: no image, no failure


@override_settings(SILAJAR_LETTERHEAD={"office": "DINAS UJI COBA"})
def test_letterhead_settings_override_the_defaults():
    head = pdf.letterhead()
    assert head["office"] == "DINAS UJI COBA"
    assert head["government"] == "PEMERINTAH PROVINSI KALIMANTAN BARAT"
    assert "DINAS UJI COBA" in text_of(pdf.render_pdf("documents/base.html"))


def test_fetcher_serves_local_static_files_and_data_uris():
    fetcher = pdf.LocalFetcher()
    response = fetcher.fetch(pdf.base_url() + "static/silajar/silajar.css")
    body = response.read() if hasattr(response, "read") else response.body
    assert b"--brand" in body
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()
    assert fetcher.fetch(f"data:image/png;base64,{png}") is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "http://127.0.0.1:8000/static/../../settings.py",
        "http://127.0.0.1:8000/media/tickets/signatures/x.png",
    ],
)
def test_fetcher_refuses_the_network_and_other_files(url):
    with pytest.raises(ValueError):
        pdf.LocalFetcher().fetch(url)


def test_remote_images_are_not_fetched(monkeypatch):
    """A template that names a remote image still renders, without any network access."""
    import urllib.request

    def no_network(*args, **kwargs):  # pragma: no cover - must not be called
        raise AssertionError("network access")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    html = '<img src="https://example.org/x.png"><p>Halo</p>'
    from weasyprint import HTML

    content = HTML(string=html, base_url=pdf.base_url(), url_fetcher=pdf.LocalFetcher()).write_pdf()
    assert "Halo" in text_of(content)


def test_qr_codes():
    svg = qr_svg("https://silajar.example/tickets/1/")
    assert svg.startswith("<svg") and "</svg>" in svg
    uri = qr_data_uri("https://silajar.example/tickets/1/")
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).startswith(b"\x89PNG")
