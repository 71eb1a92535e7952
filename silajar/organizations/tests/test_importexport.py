"""Export of the agency list (CSV, XLSX) and the all-or-nothing import."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from silajar.accounts.roles import Role
from silajar.core.models import AuditEvent
from silajar.organizations.importexport.export import XLSX_CONTENT_TYPE, export_csv, export_xlsx
from silajar.organizations.importexport.reading import MAX_IMPORT_BYTES
from silajar.organizations.models import Organization
from silajar.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the English messages; the Indonesian default has its own tests."""
    settings.LANGUAGE_CODE = "en"


HEADER = ["Singkatan", "Nama", "Jenis", "Alamat", "Telepon", "Email"]
HEADER += ["Nama Kepala", "Jabatan Kepala", "NIP Kepala", "Aktif"]
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"


def csv_bytes(rows: list[list[str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def network_admin(make_user):
    return make_user(Role.NETWORK_ADMIN)


@pytest.fixture
def importer(client_as, network_admin):
    client = client_as(network_admin)

    def upload(content: bytes, name: str):
        return client.post(
            reverse("organizations:import"), {"file": SimpleUploadedFile(name, content)}
        )

    return upload


def snapshot_all() -> list[tuple]:
    return list(Organization.objects.order_by("pk").values_list())


# --- export ----------------------------------------------------------------------------------


def test_csv_export_content(client_as, make_user, agency):
    agency.phone = "+62 561 736541"
    agency.head_nip = "197001011990031001"
    agency.is_active = False
    agency.save()
    response = client_as(make_user(Role.HELPDESK)).get(
        reverse("organizations:export", args=["csv"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="perangkat-daerah-' in response["Content-Disposition"]
    rows = csv_rows(response.content)
    assert rows[0] == HEADER
    assert rows[1] == [
        "DINKES",
        "Dinas Kesehatan Provinsi Kalimantan Barat",
        "dinas",
        "Jl. Ahmad Yani, Pontianak",
        "+62 561 736541",
        "",
        "Drs. Kepala Uji",
        "Kepala Dinas",
        "197001011990031001",
        "Tidak",
    ]


def test_xlsx_export_content(client_as, make_user, agency, other_agency):
    response = client_as(make_user(Role.SECTION_HEAD)).get(
        reverse("organizations:export", args=["xlsx"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    rows = xlsx_rows(response.content)
    assert rows[0] == HEADER
    assert [r[0] for r in rows[1:]] == ["DINKES", "DISHUB"]
    assert rows[1][9] == "Ya"


def test_export_follows_filters(client_as, make_user, agency, other_agency):
    OrganizationFactory(name="Badan Lama", short_name="BLAMA", kind="badan", is_active=False)
    client = client_as(make_user(Role.HELPDESK))
    url = reverse("organizations:export", args=["csv"])
    assert [r[0] for r in csv_rows(client.get(url, {"q": "dishub"}).content)[1:]] == ["DISHUB"]
    assert [r[0] for r in csv_rows(client.get(url, {"kind": "badan"}).content)[1:]] == ["BLAMA"]
    assert [r[0] for r in csv_rows(client.get(url, {"active": "1"}).content)[1:]] == [
        "DINKES",
        "DISHUB",
    ]


def test_export_follows_the_access_module(client_as, agency_user, agency, other_agency):
    response = client_as(agency_user).get(reverse("organizations:export", args=["xlsx"]))
    assert [r[0] for r in xlsx_rows(response.content)[1:]] == ["DINKES"]


def test_unknown_export_format(client_as, make_user):
    response = client_as(make_user(Role.HELPDESK)).get("/organizations/export.pdf")
    assert response.status_code == 404


def test_csv_export_defuses_formulas(agency):
    agency.head_name = '=HYPERLINK("http://evil")'
    agency.save()
    rows = csv_rows(export_csv([agency]))
    assert rows[1][6] == '\'=HYPERLINK("http://evil")'
    sheet = load_workbook(io.BytesIO(export_xlsx([agency]))).active
    assert sheet["G2"].data_type == "s"
    assert sheet["G2"].value == agency.head_name


# --- import ----------------------------------------------------------------------------------


def test_import_page_only_for_users_who_may_add_agencies(client_as, make_user):
    assert (
        client_as(make_user(Role.HELPDESK)).get(reverse("organizations:import")).status_code == 403
    )


def test_import_csv_creates_and_updates(importer, network_admin, agency):
    content = csv_bytes(
        [
            HEADER,
            ["BAPENDA", "Badan Pendapatan Daerah", "badan", "Jl. Sutoyo", "0561-736541"]
            + ["", "Ir. Kepala", "Kepala Badan", "197001011990031001", "Ya"],
            ["dinkes", agency.name, "Department (Dinas)", "Jl. Baru 1", "", "", "dr. Baru"]
            + ["Kepala Dinas", "", "Tidak"],
        ]
    )
    response = importer(content, "agencies.csv")
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:list")
    created = Organization.objects.get(short_name="BAPENDA")
    assert created.kind == "badan"
    assert created.head_nip == "197001011990031001"
    agency.refresh_from_db()
    assert agency.address == "Jl. Baru 1"
    assert agency.head_name == "dr. Baru"
    assert agency.is_active is False
    assert AuditEvent.objects.get(action="organization.created", object_id=str(created.pk))
    updated = AuditEvent.objects.get(action="organization.updated", object_id=str(agency.pk))
    assert updated.actor == network_admin


def test_import_xlsx_with_some_columns_and_semicolon_csv(importer, agency):
    content = xlsx_bytes(
        [["singkatan", "Aktif", "NIP Kepala"], ["DINKES", False, "197001011990031001"]]
    )
    assert importer(content, "agencies.xlsx").status_code == 302
    agency.refresh_from_db()
    assert agency.is_active is False
    assert agency.head_nip == "197001011990031001"
    assert agency.name == "Dinas Kesehatan Provinsi Kalimantan Barat"

    semicolons = csv_bytes([["Singkatan", "Nama", "Jenis"], ["RSUD", "RSUD Soedarso", "rsud"]], ";")
    assert importer(semicolons, "rsud.csv").status_code == 302
    assert Organization.objects.get(short_name="RSUD").kind == "rsud"


def test_xlsx_nip_stored_as_a_number_is_refused(importer, agency):
    """Excel keeps numbers as doubles: an 18-digit NIP typed as a number has lost digits."""
    content = xlsx_bytes([["Singkatan", "NIP Kepala"], ["DINKES", 1.97001011990031e17]])
    response = importer(content, "agencies.xlsx")
    assert {(e.row, e.column) for e in response.context["row_errors"]} == {(2, "NIP Kepala")}


def test_import_with_a_bad_row_stores_nothing(importer, agency):
    before = snapshot_all()
    content = csv_bytes(
        [
            HEADER,
            ["BAPENDA", "Badan Pendapatan Daerah", "badan", "", "", "", "", "", "", "Ya"],
            ["DINKES", agency.name, "dinas", "Jl. Baru", "", "", "", "", "", "Ya"],
            ["BKD", "Badan Kepegawaian Daerah", "kementerian", "", "", "bukan-email"]
            + ["", "", "12345", "mungkin"],
        ]
    )
    response = importer(content, "agencies.csv")
    assert response.status_code == 200
    errors = response.context["row_errors"]
    assert {(e.row, e.column) for e in errors} == {
        (4, "Jenis"),
        (4, "Email"),
        (4, "NIP Kepala"),
        (4, "Aktif"),
    }
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page
    assert "<td>4</td>" in page
    assert snapshot_all() == before
    assert not AuditEvent.objects.filter(action__startswith="organization.").exists()


def test_import_reports_duplicates_and_missing_fields(importer, agency, other_agency):
    content = csv_bytes(
        [
            ["Singkatan", "Nama", "Jenis"],
            ["BARU", "Badan Baru", "badan"],
            ["baru", "Badan Baru Lagi", "badan"],
            ["LAIN", other_agency.name, "dinas"],
            ["KOSONG", "", "dinas"],
        ]
    )
    response = importer(content, "agencies.csv")
    errors = {(e.row, e.column) for e in response.context["row_errors"]}
    assert errors == {(3, "Singkatan"), (4, "Nama"), (5, "Nama")}
    assert not Organization.objects.filter(short_name__iexact="baru").exists()


def test_png_named_csv_is_refused(importer):
    response = importer(PNG_BYTES, "agencies.csv")
    assert response.status_code == 200
    assert "not a CSV text file in UTF-8" in str(response.context["form"].errors["file"])


def test_csv_named_xlsx_is_refused(importer):
    response = importer(csv_bytes([HEADER]), "agencies.xlsx")
    assert "not an Excel workbook" in str(response.context["form"].errors["file"])


def test_zip_that_is_no_workbook_is_refused(importer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    response = importer(buffer.getvalue(), "agencies.xlsx")
    assert "not an Excel workbook" in str(response.context["form"].errors["file"])


def test_oversized_file_is_refused(importer):
    before = snapshot_all()
    row = ["BARU{}", "Badan Baru {}", "badan"]
    rows = [["Singkatan", "Nama", "Jenis"]]
    rows += [[cell.format(n) for cell in row] for n in range(70_000)]
    content = csv_bytes(rows)
    assert len(content) > MAX_IMPORT_BYTES
    response = importer(content, "agencies.csv")
    assert response.status_code == 200
    assert "too big" in str(response.context["form"].errors["file"])
    assert snapshot_all() == before


def test_other_file_types_and_unknown_columns(importer):
    refused = importer(b"Singkatan\nX\n", "agencies.txt")
    assert "Upload a .csv or .xlsx file" in str(refused.context["form"].errors["file"])
    unknown = importer(csv_bytes([["Singkatan", "Warna"], ["X", "merah"]]), "a.csv")
    assert "Unknown columns: Warna" in str(unknown.context["form"].errors["file"])
    no_key = importer(csv_bytes([["Nama"], ["X"]]), "a.csv")
    assert "Singkatan" in str(no_key.context["form"].errors["file"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_export_import_changes_nothing(client_as, network_admin, agency, fmt):
    OrganizationFactory(
        name='Badan Lama "Tua", Pontianak',
        short_name="BLAMA",
        kind="badan",
        phone="+62 812 5555 0101",
        email="lama@example.org",
        head_nip="197001011990031001",
        address="Jl. Satu\nBaris dua",
        is_active=False,
    )
    OrganizationFactory(short_name="RUMUS", head_name="=1+1", head_title="'Kutip")
    client = client_as(network_admin)
    before = snapshot_all()
    exported = client.get(reverse("organizations:export", args=[fmt])).content
    response = client.post(
        reverse("organizations:import"),
        {"file": SimpleUploadedFile(f"export.{fmt}", exported)},
    )
    assert response.status_code == 302
    assert snapshot_all() == before
    assert not AuditEvent.objects.filter(action__startswith="organization.").exists()
    listing = client.get(response["Location"])
    assert "Created: 0; updated: 0; unchanged: 3." in listing.content.decode()


def test_import_refuses_agencies_the_user_may_not_change(client_as, make_user, agency):
    """Someone with only the "add" permission may create agencies but not change others."""
    from django.contrib.auth.models import Permission

    user = make_user(Role.HELPDESK)
    user.user_permissions.add(Permission.objects.get(codename="add_organization"))
    client = client_as(user)
    content = csv_bytes([["Singkatan", "Alamat"], ["DINKES", "Jl. Lain"]])
    response = client.post(
        reverse("organizations:import"), {"file": SimpleUploadedFile("a.csv", content)}
    )
    assert [(e.row, e.column) for e in response.context["row_errors"]] == [(2, "")]
    agency.refresh_from_db()
    assert agency.address != "Jl. Lain"
