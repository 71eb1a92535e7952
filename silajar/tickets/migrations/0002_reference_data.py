"""Starting reference data (see silajar/tickets/reference.py)."""

from django.db import migrations

from silajar.tickets.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(
        apps.get_model("tickets", "Category"),
        apps.get_model("tickets", "ChecklistStep"),
        apps.get_model("tickets", "SlaTarget"),
    )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
