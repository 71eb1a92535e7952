"""The roles of DESIGN.md as groups. Their permissions are (re)assigned after every migrate by
silajar.accounts.apps (permissions only exist once post_migrate has created them)."""

from django.db import migrations

ROLE_CODES = [
    "opd_user", "opd_operator", "helpdesk", "technician", "section_head", "upde_head",
    "network_admin", "pptk", "kpa", "provider", "agency_head",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for code in ROLE_CODES:
        Group.objects.get_or_create(name=code)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
