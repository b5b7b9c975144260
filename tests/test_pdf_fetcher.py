"""The PDF URL fetcher (essote_sos/pdf.py) serves the portal's own static
files and nothing else: no file:// path, no network address, no way out of
the static folders, no uploaded media."""

import pytest
from weasyprint import HTML

from essote_sos.pdf import BASE_URL, RefusedURL, fetch_static, static_files_fetcher


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/main/static/css/final_report.css",
        "http://portal.invalid/static/css/final_report.css",
        "https://example.com/static/css/final_report.css",
        "https://portal.invalid.example.com/static/css/final_report.css",
        "https://portal.invalid/static/../essote_sos/settings.py",
        "https://portal.invalid/static/%2e%2e/essote_sos/settings.py",
        "https://portal.invalid/static/css/../../manage.py",
        "https://portal.invalid/static//etc/passwd",
        "https://portal.invalid/media/reports/final/2019-01/raportti.pdf",
        "https://portal.invalid/static/",
        "https://portal.invalid/static/css/no-such-file.css",
    ],
)
def test_fetcher_refuses_anything_but_a_static_file(url):
    with pytest.raises(RefusedURL):
        static_files_fetcher().fetch(url)


def test_fetcher_serves_a_real_static_file():
    body, mime_type = fetch_static(BASE_URL + "static/css/document-fonts.css")
    assert b"@font-face" in body
    assert mime_type == "text/css"
    response = static_files_fetcher().fetch(BASE_URL + "static/fonts/DejaVuSans.ttf")
    with open("static/fonts/DejaVuSans.ttf", "rb") as font:
        assert response.read() == font.read()


def test_a_document_linking_outside_renders_without_it(tmp_path):
    """A stylesheet from file:// would hide the paragraph; refused, it does not."""
    outside = tmp_path / "evil.css"
    outside.write_text("p { display: none }")
    html = f'<link rel="stylesheet" href="file://{outside}"><p>Näkyvä kappale</p>'
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=static_files_fetcher()).render()
    text = [box for page in document.pages for box in page._page_box.descendants()]
    assert any(getattr(box, "text", "") == "Näkyvä kappale" for box in text)
