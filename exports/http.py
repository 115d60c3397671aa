from django.http import HttpResponse

from exports.services import ExportFile


def file_response(export: ExportFile) -> HttpResponse:
    """A PDF opens in the browser; a spreadsheet downloads."""
    response = HttpResponse(export.content, content_type=export.content_type)
    disposition = "inline" if export.content_type == "application/pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{export.filename}"'
    return response
