"""What the documents for the board hold about a person, for the data export's coverage
(core.privacy): nothing is exported from here, and ``WITHHELD_MODELS`` says why. A test fails
when a model holding personal data is covered by no privacy module."""

from exports.models import GeneratedDocument

EXPORTED_MODELS: tuple = ()
WITHHELD_MODELS = {
    GeneratedDocument: (
        "a document for the board lists many candidates; what it says about you is exported "
        "from its source (your application, list place and board advice), and that you "
        "requested a document is in your audit rows"
    ),
}


def erase_documents_about(user) -> list:
    """Generated documents about a procedure the person applied to name them (lists,
    reports): they go, and are made anew, without the person, when asked for again."""
    from exports.documents import documents_of_vacancies

    documents_of_vacancies(user.applications.values_list("vacancy_id", flat=True)).delete()
    return []
