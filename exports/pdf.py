"""PDFs from HTML templates (WeasyPrint): tagged for screen readers, with title and author."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# Rules every PDF shares, beneath each template's own <style>: long words wrap.
SHARED_STYLESHEET = "css/pdf.css"


def render_pdf(template: str, context: dict) -> bytes:
    """Render ``template`` to a PDF/UA document. Fonts come from the machine (DejaVu); the
    page layout (header, footer, page numbers) lives in the template's @page rules."""
    # Imported here: WeasyPrint takes seconds to import, and every web and Celery worker
    # would pay for it at start, though few ever make a PDF.
    from weasyprint import CSS, HTML

    html = render_to_string(template, {"PARTY_NAME": settings.PARTY_NAME, **context})
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    shared = CSS(filename=finders.find(SHARED_STYLESHEET))
    return document.write_pdf(pdf_variant="pdf/ua-1", stylesheets=[shared])
