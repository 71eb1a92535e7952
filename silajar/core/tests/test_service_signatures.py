"""Services are called with keywords only (`ticket_assign(ticket=…, actor=…)`), so a call says
what it passes and a new parameter never shifts another. A rule handed to a generic part
(`check=check_link`, `rule=may_manage_providers`) may take the one record or user it judges
by position; all else is keyword-only."""

import ast
from pathlib import Path

import silajar

ROOT = Path(silajar.__file__).parent


def _service_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if "services" in parts or path.name == "services.py":
            yield path


def test_public_service_functions_take_keywords():
    offenders = []
    modules = list(_service_modules())
    for path in modules:
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            positional = [a.arg for a in node.args.posonlyargs + node.args.args]
            if len(positional) > 1 or node.args.vararg:
                offenders.append(f"{path.relative_to(ROOT)}: {node.name}({', '.join(positional)})")
    assert len(modules) > 20 and offenders == []
