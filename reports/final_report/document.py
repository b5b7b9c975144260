"""The final report as a PDF: the content (content.py) rendered from
reports/templates/reports/documents/final_report.html by WeasyPrint
(essote_sos.pdf.render_pdf, whose URL fetcher serves only the portal's own
static files).

The document is Finnish whatever language the caller runs in: it goes to the
funder and the steering group as the seed did.
"""

import datetime
from collections.abc import Callable

from django.utils import translation

from accounts.models import Area
from essote_sos.pdf import render_pdf
from reports.final_report import hyphenation
from reports.final_report.content import final_report_content

TEMPLATE = "reports/documents/final_report.html"
LANGUAGE = "fi"


def final_report_pdf(
    *,
    area: Area,
    start: datetime.date,
    end: datetime.date,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The final report of the area for the period, as PDF bytes.

    `progress`, when given, is called with a percentage (0-100) as the
    build goes on: after the figures are assembled and when the PDF is done.
    """

    def step(percent: int) -> None:
        if progress is not None:
            progress(percent)

    step(5)
    hyphenation.install()
    with translation.override(LANGUAGE):
        content = final_report_content(area=area, start=start, end=end)
        step(40)
        pdf = render_pdf(TEMPLATE, {"report": content, "LANGUAGE_CODE": LANGUAGE})
    step(100)
    return pdf
