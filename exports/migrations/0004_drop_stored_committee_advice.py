"""Committee-advice PDFs made before self-identification figures were kept from the board
(#27) still carry them: they are deleted, and the next request makes them anew."""

from django.db import migrations


def drop_stored_advice(apps, schema_editor):
    apps.get_model("exports", "GeneratedDocument").objects.filter(kind="committee_advice").delete()


class Migration(migrations.Migration):
    dependencies = [("exports", "0003_document_labels")]

    operations = [migrations.RunPython(drop_stored_advice, migrations.RunPython.noop)]
