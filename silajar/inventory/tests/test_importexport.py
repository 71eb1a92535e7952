"""Import and export: the dry run reports every problem by row and column and stores nothing;
a good file is imported whole; an exported file imports back unchanged."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from silajar.accounts.roles import Role
from silajar.inventory.importexport import importing
from silajar.inventory.models import Cable, Device, ImportRun, Port
from silajar.inventory.tests.factories import building

pytestmark = pytest.mark.django_db


def csv_file(text: str, name: str = "inventaris.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def tech(make_user):
    return make_user(Role.TECHNICIAN)


def run_of(tech, what, text) -> ImportRun:
    run = importing.import_start(actor=tech, what=what, upload=csv_file(text))
    run.refresh_from_db()  # the worker ran at the commit (immediate in the tests)
    return run


DEVICES = (
    "Nama,Jenis,Instansi,Gedung,Lantai,Ruang,Status\n"
    "DKS-SW-2,access_switch,DINKES,Gedung Utama,2,Ruang Server,active\n"
    "DKS-AP-2,Access point,DINKES,Gedung Utama,2,Ruang Server,\n"
)


@pytest.fixture
def room(agency):
    from silajar.organizations.tests.factories import LocationFactory

    return LocationFactory(
        organization=agency, building="Gedung Utama", floor="2", room="Ruang Server"
    )


def test_a_dry_run_with_bad_rows_reports_each_and_saves_nothing(
    tech, room, django_capture_on_commit_callbacks
):
    bad = (
        "Nama,Jenis,Instansi,Gedung,Lantai,Ruang,Tanggal Pasang\n"
        "DKS-SW-2,switch besar,DINKES,Gedung Utama,2,Ruang Server,\n"
        "DKS-AP-2,access_point,DINKES,Gedung Hilang,2,Ruang Server,\n"
        "DKS-SW-2,access_switch,DINKES,Gedung Utama,2,Ruang Server,kemarin\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = run_of(tech, "devices", bad)
    run.refresh_from_db()
    assert run.stage == "rejected"
    assert [(e["row"], e["column"]) for e in run.errors] == [
        (2, "Jenis"),
        (3, "Gedung"),
        (4, "Nama"),
        (4, "Tanggal Pasang"),
    ]
    assert Device.objects.count() == 0


def test_a_good_file_is_checked_then_imported_whole(tech, room, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = run_of(tech, "devices", DEVICES)
    run.refresh_from_db()
    assert (run.stage, run.errors) == ("checked", [])
    assert Device.objects.count() == 0  # the dry run stores nothing
    with django_capture_on_commit_callbacks(execute=True):
        importing.import_confirm(actor=tech, run=run)
    run.refresh_from_db()
    assert run.stage == "done" and run.rows == []
    assert set(Device.objects.values_list("name", "kind", "location")) == {
        ("DKS-SW-2", "access_switch", room.pk),
        ("DKS-AP-2", "access_point", room.pk),
    }
    ports = "Perangkat,Port,Jenis,Kecepatan (Mbps)\n" + "".join(
        f"DKS-SW-2,Gi0/{n},copper,1000\n" for n in range(1, 4)
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = run_of(tech, "ports", ports)
    with django_capture_on_commit_callbacks(execute=True):
        importing.import_confirm(actor=tech, run=run)
    assert Port.objects.filter(device__name="DKS-SW-2", speed_mbps=1000).count() == 3
    cables = "Label,Perangkat A,Port A,Perangkat B,Port B\nC-1,DKS-SW-2,Gi0/1,DKS-SW-2,Gi0/2\n"
    with django_capture_on_commit_callbacks(execute=True):
        run = run_of(tech, "cables", cables)
    with django_capture_on_commit_callbacks(execute=True):
        importing.import_confirm(actor=tech, run=run)
    assert Cable.objects.get(label="C-1").ports.count() == 2


def test_a_cable_on_a_used_port_is_a_row_error(tech, location, django_capture_on_commit_callbacks):
    net = building(location)
    text = (
        f"Label,Perangkat A,Port A,Perangkat B,Port B\nC-9,B-SW,{net['switch_port'].name},B-PP,2F\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = run_of(tech, "cables", text)
    run.refresh_from_db()
    assert [(e["row"], e["column"]) for e in run.errors] == [(2, "Port A")]


def test_an_export_imports_back_unchanged(
    tech, location, client_as, django_capture_on_commit_callbacks
):
    building(location)
    client = client_as(tech)
    for what in ("devices", "ports", "cables"):
        response = client.get(f"/inventory/export/{what}/xlsx/")
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = list(workbook.active.iter_rows(values_only=True))
        assert len(rows) > 1
        csv_text = client.get(f"/inventory/export/{what}/csv/")
        text = b"".join(csv_text.streaming_content).decode("utf-8-sig")
        with django_capture_on_commit_callbacks(execute=True):
            run = run_of(tech, what, text)
        run.refresh_from_db()
        assert (what, run.stage, run.errors) == (what, "checked", [])


def test_unknown_columns_refuse_the_file(tech):
    from silajar.organizations.importexport.reading import ImportFileError

    with pytest.raises(ImportFileError):
        importing.import_start(actor=tech, what="devices", upload=csv_file("Nama,Warna\nA,merah\n"))
    assert ImportRun.objects.count() == 0
