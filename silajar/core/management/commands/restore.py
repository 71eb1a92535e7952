"""Restore an archive written by `backup` (see silajar/core/backup/).

python manage.py migrate && python manage.py restore silajar-2026-05-01.tar.gz"""

from django.core.management.base import BaseCommand, CommandError

from silajar.core.backup.archive import BackupError
from silajar.core.backup.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from a backup archive into this install "
        "(migrated to the same version). A database with data is refused unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace ALL data of a database that is not empty",
        )

    def handle(self, *args, path: str, force: bool, **options):
        verbose = options["verbosity"] > 1
        try:
            report = backup_restore(
                path, force=force, progress=self.stdout.write if verbose else None
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored from {path}: {sum(report.rows.values())} rows, {report.files} "
                f"uploaded files, counts and checksums verified, in {report.seconds:.1f} s."
            )
        )
