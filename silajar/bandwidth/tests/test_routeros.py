"""The RouterOS export: golden file, parsed back against the allocations, idempotent on a
model of the router's queue table (foreign queues kept), names escaped; the CSV."""

import csv
import io
from pathlib import Path

import pytest

from silajar.accounts.roles import Role
from silajar.bandwidth import routeros, selectors, services
from silajar.bandwidth.tests.factories import add_tree
from silajar.bandwidth.tests.routeros_model import Router, parse, unquote
from silajar.providers.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).parent / "golden" / "setda.rsc"


@pytest.fixture
def admin(make_user):
    return make_user(Role.NETWORK_ADMIN)


@pytest.fixture
def contract():
    return ContractFactory(capacity_mbps=1000, number="027/KONTRAK-INET/TELKOM/2026")


def exported(contract) -> str:
    version = selectors.current_version(contract=contract)
    return routeros.script(version, selectors.rows_of(version=version))


def test_the_script_matches_the_golden_file(admin, contract):
    add_tree(admin, contract)
    script = exported(contract).replace(f"contract={contract.pk};", "contract=ID;")
    assert script == GOLDEN.read_text(encoding="utf-8")


def test_the_script_parsed_back_is_the_distribution(admin, contract):
    version = add_tree(admin, contract)
    rows = selectors.rows_of(version=version)
    names = {row.key: row.consumer for row in rows}
    added = [props for command, props in parse(exported(contract)) if command == "add"]
    assert [props["name"] for props in added][:4] == [
        "Setda",
        "Dinas Kesehatan",
        "Server Aplikasi",
        "Wi-Fi Publik",
    ]  # parents before children
    by_name = {props["name"]: props for props in added}
    assert set(by_name) == {row.consumer for row in rows}
    for row in rows:
        props = by_name[row.consumer]
        assert props["limit-at"] == f"{row.cir_mbps}M/{row.cir_mbps}M"
        assert props["max-limit"] == f"{row.mir_mbps}M/{row.mir_mbps}M"
        assert props["priority"] == f"{row.priority}/{row.priority}"
        assert props["parent"] == (names[row.parent_key] if row.parent_key else "none")
        assert props["comment"].startswith(f"silajar:contract={contract.pk};version=6;level=")
        if row.target:
            assert props["target"] == row.target
    # a group without a target of its own takes its queues'
    assert by_name["Setda"]["target"] == "10.10.1.0/24,10.10.2.0/24"


def test_applying_twice_leaves_the_same_queues_and_keeps_foreign_ones(admin, contract):
    add_tree(admin, contract)
    other = ContractFactory(capacity_mbps=100)
    add_tree(admin, other, [("Lain", "other", None, 10, 20, 8, "10.99.0.0/24")])
    foreign = {
        "Hotspot": {"name": "Hotspot", "target": "10.50.0.0/16", "comment": "dibuat manual"},
        # a queue of contract 1 must survive the export of contract 12 and the reverse
        "Lain": {"name": "Lain", "comment": f"silajar:contract={other.pk};version=1;level=0"},
    }
    router = Router(foreign)
    script = exported(contract)
    router.apply(script)
    once = dict(router.queues)
    router.apply(script)
    assert router.queues == once
    assert router.queues["Hotspot"] == foreign["Hotspot"]
    assert router.queues["Lain"] == foreign["Lain"]
    assert len(router.queues) == 8
    # a later version replaces the queues of the earlier one, whatever their depth
    setda = next(
        r
        for r in selectors.rows_of(version=selectors.current_version(contract=contract))
        if r.consumer == "Biro Umum"
    )
    services.allocation_remove(actor=admin, contract=contract, key=setda.key)
    router.apply(exported(contract))
    assert "Biro Umum" not in router.queues and len(router.queues) == 7
    assert router.queues["Setda"]["comment"].endswith("version=7;level=0")


@pytest.mark.parametrize(
    "name",
    ['Biro "Umum"', "C:\\share", "Rp $100?", "Dinas Pendidikan – Sekolah Négeri", "Wi‑Fi 公共"],
)
def test_names_are_escaped_as_routeros_reads_them(admin, contract, name):
    services.allocation_add(
        actor=admin,
        contract=contract,
        data={"consumer": name, "kind": "other", "cir_mbps": 1, "mir_mbps": 2, "target": "ether2"},
    )
    script = exported(contract)
    assert script.isascii()
    (add,) = [props for command, props in parse(script) if command == "add"]
    assert add["name"] == name


def test_quoting_covers_control_characters():
    assert routeros.quoted('a"b\\c$d?e\nf\x01é') == '"a\\"b\\\\c\\$d\\?e\\nf\\01\\C3\\A9"'
    assert unquote(routeros.quoted("tab\there")) == "tab\there"


def test_the_csv_lists_the_tree(admin, contract, client):
    add_tree(admin, contract)
    client.force_login(admin)
    response = client.get(f"/bandwidth/contracts/{contract.pk}/allocations.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["Konsumen", "Induk", "Jenis", "CIR (Mbps)", "MIR (Mbps)"]
    assert rows[1][0] == "Setda" and rows[2][:2] == ["Biro Umum", "Setda"]
    assert len(rows) == 7
