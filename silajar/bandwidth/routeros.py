"""The distribution as a MikroTik RouterOS script (simple queues with parents) and as CSV.

Why simple queues and how to apply the script: docs/bandwidth.md. The script first removes
the queues an earlier export made for the same contract, and only those: each carries the
comment `silajar:contract=<id>;version=<n>;level=<depth>`, and they are removed deepest
first (children before their parents). It then adds the version's queues, parents before
children. Running it twice leaves the same queues; queues of anyone else are kept."""

from __future__ import annotations

from collections.abc import Iterator

from silajar.bandwidth.models import DistributionVersion
from silajar.bandwidth.rules import MAX_LEVELS, Row, tree_order

PLAIN = frozenset(range(0x20, 0x7F)) - {ord('"'), ord("\\"), ord("$"), ord("?")}
NAMED = {ord('"'): '\\"', ord("\\"): "\\\\", ord("$"): "\\$", ord("?"): "\\?"}
NAMED |= {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}


def quoted(text: str) -> str:
    """`text` as a RouterOS string literal: `"`, `\\`, `$` and `?` escaped by a backslash,
    control characters and every byte of a non-ASCII letter as `\\XX` (capital hex of its
    UTF-8 bytes), so the router stores exactly the name typed."""
    out = []
    for byte in text.encode("utf-8"):
        if byte in PLAIN:
            out.append(chr(byte))
        elif byte in NAMED:
            out.append(NAMED[byte])
        else:
            out.append(f"\\{byte:02X}")
    return '"' + "".join(out) + '"'


def marker(contract_id: int) -> str:
    """The start of the comment of every queue exported for the contract."""
    return f"silajar:contract={contract_id};"


def rate(mbps: int) -> str:
    """A symmetric rate, upload/download."""
    return f"{mbps}M/{mbps}M"


def _targets(ordered: list[tuple[Row, int]]) -> dict[int, str]:
    """Each queue's target: its own, or (a group without one) its descendants'."""
    children: dict[int, list[int]] = {}
    for row, _level in ordered:
        if row.parent_key is not None:
            children.setdefault(row.parent_key, []).append(row.key)
    gathered: dict[int, list[str]] = {}
    for row, _level in reversed(ordered):  # children come after their parents
        found = row.target.split(",") if row.target else []
        if not found:
            for child in children.get(row.key, []):
                found.extend(gathered[child])
        gathered[row.key] = list(dict.fromkeys(found))
    return {key: ",".join(targets) for key, targets in gathered.items()}


def script_lines(version: DistributionVersion, rows: list[Row]) -> Iterator[str]:
    """The lines of the RouterOS script of `version` (whose allocations are `rows`)."""
    contract = version.contract
    mark = marker(contract.pk)
    yield f"# SiLaJar: bandwidth distribution of contract {quoted(contract.number)}"
    yield f"# version {version.number}, {len(rows)} queues; {contract.capacity_mbps} Mbps"
    yield "# Removes only the queues whose comment starts with " + mark
    yield "/queue simple"
    for level in range(MAX_LEVELS - 1, -1, -1):
        pattern = quoted(f"^{mark}.*;level={level}$")
        yield f"remove [find where comment~{pattern}]"
    ordered = sorted(tree_order(rows), key=lambda pair: pair[1])  # parents before children
    names = {row.key: row.consumer for row, _level in ordered}
    targets = _targets(tree_order(rows))
    for row, level in ordered:
        target = targets[row.key]
        if not target:
            yield f"# {quoted(row.consumer)}: a group without any target, not exported"
            continue
        parent = quoted(names[row.parent_key]) if row.parent_key is not None else "none"
        comment = quoted(f"{mark}version={version.number};level={level}")
        yield (
            f"add name={quoted(row.consumer)} parent={parent} target={target} "
            f"limit-at={rate(row.cir_mbps)} max-limit={rate(row.mir_mbps)} "
            f"priority={row.priority}/{row.priority} comment={comment}"
        )


def script(version: DistributionVersion, rows: list[Row]) -> str:
    return "\n".join(script_lines(version, rows)) + "\n"
