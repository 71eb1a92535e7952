"""Write one archive with the database and the uploaded files (see silajar/core/backup/).

python manage.py backup /srv/backup/silajar-$(date +%F).tar.gz"""

from django.core.management.base import BaseCommand, CommandError

from silajar.core.backup.archive import BackupError
from silajar.core.backup.create import backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive to write, e.g. silajar-2026-05-01.tar.gz")

    def handle(self, *args, path: str, **options):
        verbose = options["verbosity"] > 1
        try:
            manifest = backup_create(path, progress=self.stdout.write if verbose else None)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        rows = sum(entry["rows"] for entry in manifest["models"].values())
        files = len(manifest["files"]) - 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path}: {rows} rows of {len(manifest['models'])} models, "
                f"{files} uploaded files, in {manifest['seconds']:.1f} s."
            )
        )
