"""SiLaJar's own API tokens (several per user, stored hashed, idle expiry) replace DRF's
`authtoken` (one per user, its key in clear). Existing DRF tokens are carried over, hashed, so no
client is cut off; their idle time starts now. The old table, when there is one, is emptied (its
keys were in clear); it may be dropped afterwards (README, "Deployment")."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from silajar.accounts.models import TOKEN_PREFIX_LENGTH, token_key_hash

OLD_TABLE = "authtoken_token"
OLD_LABEL = "Token lama"  # stored text, as a user would name it


def carry_over_drf_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    table = connection.ops.quote_name(OLD_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name('key')}, user_id FROM {table}")  # noqa: S608  # nosec B608
        rows = cursor.fetchall()
        ApiToken.objects.bulk_create(
            ApiToken(
                user_id=user_id,
                label=OLD_LABEL,
                prefix=key[:TOKEN_PREFIX_LENGTH],
                key_hash=token_key_hash(key),
            )
            for key, user_id in rows
        )
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608  # nosec B608


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_system_admin_role'),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(blank=True, max_length=150, verbose_name='name')),
                ('prefix', models.CharField(db_index=True, max_length=8, verbose_name='key begins with')),
                ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='issued at')),
                ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='last used at')),
                ('last_used_from', models.GenericIPAddressField(blank=True, null=True, verbose_name='last used from')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'API token',
                'verbose_name_plural': 'API tokens',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.RunPython(carry_over_drf_tokens, migrations.RunPython.noop),
    ]
