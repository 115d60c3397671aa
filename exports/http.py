from django.http import HttpResponse


def file_response(content: bytes, *, filename: str, content_type="application/pdf"):
    """A PDF opens in the browser; a spreadsheet downloads."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if content_type == "application/pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def export_response(export) -> HttpResponse:
    """An ``exports.services.ExportFile`` as a response."""
    return file_response(export.content, filename=export.filename, content_type=export.content_type)
