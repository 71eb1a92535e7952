import django.db.models.deletion
from django.db import migrations, models

from silajar.tickets.reference import STEPS

# the starting steps that apply to one kind of problem, as loaded now and by earlier versions
STARTING_STEPS = {question: code for _scope, _order, question, _guidance, code in STEPS if code}
STARTING_STEPS["Periksa pengaturan Wi-Fi client"] = "wifi"


def link_starting_steps(apps, schema_editor):
    """A starting step still worded as loaded applies to its kind of problem only."""
    Category = apps.get_model("tickets", "Category")
    ChecklistStep = apps.get_model("tickets", "ChecklistStep")
    for question, code in STARTING_STEPS.items():
        category = Category.objects.filter(code=code).first()
        if category is not None:
            ChecklistStep.objects.filter(question=question, category=None).update(
                category=category
            )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0003_ticket_sort_keys")]

    operations = [
        migrations.AddField(
            model_name="checkliststep",
            name="category",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty: every kind of problem.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="checklist_steps",
                to="tickets.category",
                verbose_name="applies to the category",
            ),
        ),
        migrations.RunPython(link_starting_steps, migrations.RunPython.noop),
    ]
