"""The system administrator's role (users, roles, desk settings): its group, as 0002 made the
others'; its permissions are assigned after every migrate by silajar.accounts.apps."""

from django.db import migrations, models

ROLE_CODES = ["system_admin"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for code in ROLE_CODES:
        Group.objects.get_or_create(name=code)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_session_epoch'),
    ]

    operations = [
        migrations.AlterField(
            model_name='rolepolicy',
            name='role',
            field=models.CharField(choices=[('opd_user', 'Agency user'), ('opd_operator', 'Agency operator'), ('helpdesk', 'Helpdesk officer (PDE unit)'), ('technician', 'Network technician'), ('section_head', 'Head of Systems, Programs & Administration Section'), ('upde_head', 'Head of UPDE'), ('network_admin', 'Systems and network administrator'), ('pptk', 'PPTK (technical activity officer)'), ('kpa', 'KPA (budget user proxy)'), ('provider', 'Internet provider'), ('agency_head', 'Head of Department'), ('system_admin', 'System administrator')], max_length=32, unique=True, verbose_name='role'),
        ),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
