from django.urls import path

from exports import views

app_name = "exports"

# Under /staff/: a second factor is required.
urlpatterns = [
    path(
        "staff/rapporten/maken/<str:kind>/<int:object_id>/",
        views.document_request_view,
        name="document_request",
    ),
    path("staff/rapporten/documenten/<int:pk>/", views.document_page, name="document"),
    path(
        "staff/rapporten/documenten/<int:pk>/stand/", views.document_status, name="document_status"
    ),
    path("staff/rapporten/documenten/<int:pk>/bestand", views.document_file, name="document_file"),
    path(
        "staff/rapporten/commissie-advies/<int:vacancy_id>.pdf",
        views.committee_advice_pdf,
        name="committee_advice",
    ),
    path(
        "staff/rapporten/alv/<int:meeting_id>/stembiljetten/<int:poll_id>.pdf",
        views.paper_ballots_pdf,
        name="paper_ballots",
    ),
    path(
        "staff/rapporten/alv/<int:meeting_id>.pdf",
        views.alv_results_pdf,
        name="alv_results",
    ),
    path(
        "staff/rapporten/kandidatenlijst/<int:vacancy_id>-intern.pdf",
        views.candidate_list_file,
        {"file_format": "pdf", "internal": True},
        name="candidate_list_internal_pdf",
    ),
    *(
        path(
            f"staff/rapporten/kandidatenlijst/<int:vacancy_id>.{file_format}",
            views.candidate_list_file,
            {"file_format": file_format},
            name=f"candidate_list_{file_format}",
        )
        for file_format in ("pdf", "csv", "xlsx")
    ),
]
