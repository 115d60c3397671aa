"""The applicant's side of the review: their confidential place, and their appeal."""

from django.urls import path

from review import candidate_views

app_name = "candidate"

urlpatterns = [
    path("<int:pk>/", candidate_views.notice, name="notice"),
    path("<int:pk>/bevestigen/", candidate_views.confirm, name="confirm"),
    path("<int:pk>/bezwaar/", candidate_views.appeal, name="appeal"),
    path("bezwaar/document/<uuid:document_uuid>/", candidate_views.document, name="document"),
]
