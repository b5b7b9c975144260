"""PDF rendering with WeasyPrint, shared by every printed document.

A document is an HTML template rendered to PDF.  WeasyPrint fetches what the
HTML links to (style sheets, fonts, images) through `StaticFilesFetcher`,
which serves only the portal's own static files, read from disk: no
`file://` path, no network address and no media upload can be pulled into a
document, whatever a template or a piece of user text contains (like
InvenTree's report/fetcher.py).  Reading from disk also keeps rendering fast.

The documents embed DejaVu Sans from static/fonts/ by name, so the type
does not change with whatever fonts the server happens to have.
"""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# Documents are laid out against this base; only URLs under it are served.
BASE_URL = "https://portal.invalid/"


class RefusedURL(ValueError):
    """A document asked for something other than a static file of the portal."""


def static_path_of(url: str) -> str:
    """The static file a document URL names, or RefusedURL."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        raise RefusedURL("Only the portal's own static files may be fetched.")
    if not parts.path.startswith(prefix):
        raise RefusedURL("Only the portal's own static files may be fetched.")
    relative = unquote(parts.path[len(prefix) :])
    if not relative or ".." in relative.split("/") or relative.startswith("/"):
        raise RefusedURL("Only the portal's own static files may be fetched.")
    return relative


def fetch_static(url: str) -> tuple[bytes, str]:
    """The bytes and MIME type of a static file named by a document URL."""
    relative = static_path_of(url)
    path = finders.find(relative)
    if not path:
        raise RefusedURL("No such static file.")
    with open(path, "rb") as handle:
        body = handle.read()
    return body, mimetypes.guess_type(path)[0] or "application/octet-stream"


def _fetcher_class():
    # WeasyPrint is imported only when a document is rendered: it loads Pango.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        # A refusal (RefusedURL, a ValueError) makes WeasyPrint leave the
        # resource out and go on: a stray link never fails a whole report.
        def fetch(self, url, headers=None):
            body, mime_type = fetch_static(url)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime_type})

    return StaticFilesFetcher


def static_files_fetcher():
    return _fetcher_class()()


def render_pdf(template_name: str, context: dict) -> bytes:
    """The PDF of an HTML template, its links served by the static-only fetcher."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=static_files_fetcher()).write_pdf()
