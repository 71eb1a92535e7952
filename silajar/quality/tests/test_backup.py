"""Backup and restore: a round trip loses nothing (rows compared one by one, every file by its
checksum), a damaged archive is refused before anything changes, and a fresh install in
another process (the other database engine when the suite runs on PostgreSQL) restores it."""

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from silajar.accounts.models import User
from silajar.accounts.roles import Role
from silajar.core.audit import audit_timeline
from silajar.core.backup.archive import DATA, FORMAT_VERSION, MANIFEST, STAGING_PREFIX, BackupError
from silajar.core.backup.create import backup_create
from silajar.core.backup.restore import backup_restore
from silajar.core.backup.rows import SKIPPED_MODELS, applied_migrations
from silajar.core.models import AuditEvent, NumberSequence
from silajar.core.tests.files import pdf_bytes, png_bytes
from silajar.notifications.models import EmailDelivery, Notification
from silajar.notifications.services import notify
from silajar.tickets import services
from silajar.tickets.models import Attachment, Ticket
from silajar.tickets.tests.test_api_actions import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the English messages; the Indonesian catalogue has its own tests."""
    settings.LANGUAGE_CODE = "en"


BASE_DIR = Path(settings.BASE_DIR)


# --- what "nothing lost" means ----------------------------------------------------------------


def rows_of_every_model() -> dict[str, dict]:
    """Every row of every backed-up model, serialised independently of the backup code:
    {model: {pk: fields}}, many-to-many values sorted, references by natural key."""
    result = {}
    for model in apps.get_models():
        if model in SKIPPED_MODELS or model._meta.proxy:
            continue
        many = {f.name for f in model._meta.many_to_many}
        rows = {}
        for row in serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        ):
            fields = {k: sorted(v) if k in many else v for k, v in row["fields"].items()}
            rows[str(row["pk"])] = json.loads(json.dumps(fields, default=str, sort_keys=True))
        result[model._meta.label_lower] = rows
    return result


def media_checksums() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def wipe_everything() -> None:
    """Empty every table a fresh install would not fill itself, and the media folder."""
    keep = {"django_content_type", "auth_permission", "django_migrations"}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            if table not in keep:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()


@pytest.fixture
def clean_media():
    """The media folder holds only the files of this test, before and after."""
    root = Path(settings.MEDIA_ROOT)
    for path in root.rglob("*") if root.exists() else []:
        if path.is_file():
            path.unlink()
    yield root
    for path in root.rglob("*"):
        if path.is_file():
            path.unlink()


@pytest.fixture
def office(make_user, agency, location, other_agency, clean_media):
    """People with roles, agencies, tickets in several states with their audit trail, files
    (attachments, signatures), comments and notifications with e-mails."""
    desk = Desk(make_user, agency, location)
    reporter = make_user(Role.OPD_USER, username="pelapor", email="pelapor@example.org")
    make_user(Role.OPD_OPERATOR, organization=other_agency)
    tickets = {state: desk.ticket(state) for state in ("new", "triage", "closed", "resolved")}
    tickets["cancelled"] = desk.ticket("cancelled")
    signed = services.ticket_sign_off(
        ticket=desk.ticket("resolved"),
        actor=desk.tech,
        signer_name="Budi Santoso",
        signed_form=SimpleUploadedFile("form.pdf", pdf_bytes(), "application/pdf"),
    )
    services.attachment_add(
        ticket=tickets["triage"],
        actor=desk.helpdesk,
        upload=SimpleUploadedFile("foto ruang.png", png_bytes(), "image/png"),
    )
    services.attachment_add(
        ticket=tickets["new"],
        actor=desk.helpdesk,
        upload=SimpleUploadedFile("surat.pdf", pdf_bytes(), "application/pdf"),
        internal=True,
    )
    services.comment_add(ticket=tickets["triage"], actor=desk.helpdesk, body="Sudah dicek.")
    notify(
        recipients=[reporter, desk.tech],
        kind="ticket.closed",
        title="Laporan ditutup",
        body="Terima kasih.",
        url=f"/tickets/{signed.pk}/",
        key=f"ticket:{signed.pk}:closed",
    )
    assert Attachment.objects.count() == 2 and Notification.objects.count() == 2
    assert EmailDelivery.objects.count() == 2
    assert len(media_checksums()) == 3  # two attachments, one signed form
    return desk


# --- the round trip ---------------------------------------------------------------------------


def test_round_trip_into_an_emptied_install_loses_nothing(office, tmp_path):
    rows, files = rows_of_every_model(), media_checksums()
    archive = tmp_path / "silajar.tar.gz"

    call_command("backup", str(archive), stdout=io.StringIO())
    wipe_everything()
    assert not Ticket.objects.exists() and media_checksums() == {}
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert rows_of_every_model() == rows
    assert media_checksums() == files
    assert "counts and checksums verified" in out.getvalue()
    manifest = read_manifest(archive)
    assert manifest["models"]["tickets.ticket"]["rows"] == Ticket.objects.count() == 6
    assert manifest["models"]["core.auditevent"]["rows"] == AuditEvent.objects.count()
    assert len(manifest["files"]) == 1 + 3  # the data and three uploaded files
    assert manifest["format"] == FORMAT_VERSION
    assert manifest["migrations"] == applied_migrations()


def test_numbers_and_the_audit_trail_go_on_after_a_restore(office, tmp_path):
    archive = tmp_path / "silajar.tar.gz"
    last = NumberSequence.objects.get(key="ticket").last_value
    ticket = Ticket.objects.get(state="closed", signed_form="")
    trail = list(audit_timeline(ticket).values_list("pk", "action", "created_at"))
    backup_create(archive)
    wipe_everything()

    backup_restore(archive)

    restored = Ticket.objects.get(pk=ticket.pk)
    assert list(audit_timeline(restored).values_list("pk", "action", "created_at")) == trail
    assert [a for _pk, a, _at in trail][-1] == "ticket.created"
    helpdesk = User.objects.get(pk=office.helpdesk.pk)
    assert helpdesk.has_role(Role.HELPDESK)  # the role groups came back with their members
    fresh = services.ticket_create(
        actor=helpdesk,
        channel="phone",
        organization=restored.organization,
        reporter_name="Sari",
        description="Printer jaringan tidak terdeteksi.",
    )
    year = timezone.localtime().year
    assert fresh.number == f"TKT-{year}-{last + 1:06d}"  # the sequence went on, no reuse
    assert fresh.pk > max(Ticket.objects.exclude(pk=fresh.pk).values_list("pk", flat=True))


def test_restore_refuses_a_database_with_data_unless_forced(office, tmp_path):
    archive = tmp_path / "silajar.tar.gz"
    backup_create(archive)
    rows, files = rows_of_every_model(), media_checksums()
    # the install moved on after the backup: a ticket gone, another added, a file more
    Ticket.objects.filter(state="cancelled").delete()
    services.attachment_add(
        ticket=Ticket.objects.first(),
        actor=office.helpdesk,
        upload=SimpleUploadedFile("baru.png", png_bytes((10, 10)), "image/png"),
    )

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert not Ticket.objects.filter(state="cancelled").exists()  # refused: nothing changed

    call_command("restore", str(archive), "--force", stdout=io.StringIO())

    assert rows_of_every_model() == rows
    # the archive's files are back exactly; the newer upload stays as an unreferenced file
    restored = media_checksums()
    assert {name: restored[name] for name in files} == files
    assert len(restored) == len(files) + 1


# --- damaged archives -------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile(MANIFEST))


def rewrite(archive: Path, target: Path, change) -> Path:
    """Copy the archive member by member, letting `change(name, data)` alter a member."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def flip_a_byte_of_a_file(name, data):
    return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("media/") else data


def with_manifest(**changes):
    def change(name, data):
        if name != MANIFEST:
            return data
        return json.dumps({**json.loads(data), **changes}).encode()

    return change


def drop_data(name, data):
    return None if name == DATA else data


def a_row_less(name, data):
    """The data and its checksum both changed: only the row counts can tell."""
    if name == DATA:
        return b"\n".join(data.splitlines()[:-1]) + b"\n"
    return data


DAMAGES = {
    "a file does not match its checksum": (flip_a_byte_of_a_file, "does not match its checksum"),
    "newer archive format": (with_manifest(format=99), "format version 99"),
    "data member missing": (drop_data, "data.jsonl is missing"),
    "other schema": (with_manifest(migrations=["tickets.9999_future"]), "schema"),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_archive_is_refused_and_nothing_changes(damage, office, tmp_path):
    change, message = DAMAGES[damage]
    archive = tmp_path / "good.tar.gz"
    backup_create(archive)
    damaged = rewrite(archive, tmp_path / "damaged.tar.gz", change)
    Ticket.objects.filter(state="new").update(description="Changed after the backup")
    rows, files = rows_of_every_model(), media_checksums()

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(damaged), "--force", stdout=io.StringIO())

    assert rows_of_every_model() == rows
    assert media_checksums() == files
    assert not any(p.name.startswith(STAGING_PREFIX) for p in Path(settings.MEDIA_ROOT).iterdir())


def test_rows_that_do_not_match_the_manifest_are_rolled_back(office, tmp_path):
    archive = tmp_path / "good.tar.gz"
    backup_create(archive)
    manifest = read_manifest(archive)

    def tampered(name, data):
        data = a_row_less(name, data)
        if name == MANIFEST:
            body = json.loads(data)
            with tarfile.open(archive, "r:gz") as tar:
                shorter = a_row_less(DATA, tar.extractfile(DATA).read())
            body["files"][DATA] = {
                "size": len(shorter),
                "sha256": hashlib.sha256(shorter).hexdigest(),
            }
            return json.dumps(body).encode()
        return data

    damaged = rewrite(archive, tmp_path / "short.tar.gz", tampered)
    rows, files = rows_of_every_model(), media_checksums()

    with pytest.raises(BackupError, match="rows instead of"):
        backup_restore(damaged, force=True)

    assert rows_of_every_model() == rows and media_checksums() == files
    assert manifest["models"]  # the untampered manifest listed the rows


@pytest.mark.parametrize(
    "content",
    [b"", b"not an archive at all", gzip.compress(b"a gzip file, but not a tar")],
    ids=["empty", "text", "gzip"],
)
def test_a_file_that_is_no_backup_is_refused(content, office, tmp_path):
    path = tmp_path / "nonsense.tar.gz"
    path.write_bytes(content)
    rows = rows_of_every_model()

    with pytest.raises(CommandError, match="damaged or not a SiLaJar backup"):
        call_command("restore", str(path), "--force", stdout=io.StringIO())

    assert rows_of_every_model() == rows


def test_a_truncated_archive_is_refused(office, tmp_path):
    archive = tmp_path / "good.tar.gz"
    backup_create(archive)
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    rows = rows_of_every_model()

    with pytest.raises(BackupError, match="damaged"):
        backup_restore(cut, force=True)

    assert rows_of_every_model() == rows


def test_an_archive_cannot_write_outside_the_media_folder(office, tmp_path):
    archive = tmp_path / "good.tar.gz"
    backup_create(archive)
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(evil, "w:gz") as out:
        for member in source:
            out.addfile(member, source.extractfile(member))
        info = tarfile.TarInfo("media/../../escaped.txt")
        info.size = 3
        out.addfile(info, io.BytesIO(b"bad"))

    with pytest.raises(BackupError, match="unsafe file name"):
        backup_restore(evil, force=True)

    assert not (Path(settings.MEDIA_ROOT).parent / "escaped.txt").exists()


# --- a fresh install in another process -------------------------------------------------------


def test_a_fresh_install_elsewhere_restores_it_and_backs_it_up_again(office, tmp_path):
    """The archive goes to a fresh SQLite install in another process (a different engine when
    this suite runs on PostgreSQL), is backed up there, and that archive comes back here."""
    rows, files = rows_of_every_model(), media_checksums()
    first = tmp_path / "here.tar.gz"
    second = tmp_path / "there.tar.gz"
    backup_create(first)
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "silajar.test_settings",
        "SILAJAR_VAR_DIR": str(tmp_path / "elsewhere"),
    }

    def manage(*args):
        result = subprocess.run(  # noqa: S603 — our own manage.py, fixed arguments
            [sys.executable, str(BASE_DIR / "manage.py"), *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    manage("migrate", "--noinput", "-v0")
    assert "counts and checksums verified" in manage("restore", str(first))
    manage("backup", str(second))
    assert read_manifest(second)["models"] == read_manifest(first)["models"]
    assert read_manifest(second)["database_vendor"] == "sqlite"
    wipe_everything()

    backup_restore(second)

    assert rows_of_every_model() == rows
    assert media_checksums() == files
