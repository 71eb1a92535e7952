"""A small reader of the exported RouterOS script and a model of the router's simple-queue
table, for the export's tests: the script is parsed back (strings unescaped as RouterOS
does), and applied to the table as the router would (a removal refuses a queue that still
has children; an addition refuses a taken name or an unknown parent)."""

from __future__ import annotations

import re

ESCAPES = {'"': '"', "\\": "\\", "$": "$", "?": "?", "n": "\n", "r": "\r", "t": "\t", "_": " "}


def unquote(literal: str) -> str:
    """A RouterOS string literal ("…") as the router stores it."""
    assert literal.startswith('"') and literal.endswith('"'), literal
    body, out, i = literal[1:-1], bytearray(), 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            following = body[i + 1]
            if re.fullmatch(r"[0-9A-F]{2}", body[i + 1 : i + 3]):
                out.append(int(body[i + 1 : i + 3], 16))
                i += 3
                continue
            assert following in ESCAPES, f"unknown escape \\{following}"
            out.extend(ESCAPES[following].encode())
            i += 2
            continue
        assert char not in '"$?', f"{char} must be escaped"
        assert ord(char) < 0x80, "non-ASCII must be escaped"
        out.extend(char.encode())
        i += 1
    return out.decode("utf-8")


TOKEN = re.compile(r'([a-z-]+)=("(?:\\.|[^"\\])*"|[^\s"]+)')


def parse(script: str) -> list[tuple[str, dict[str, str]]]:
    """The commands of the script: ("remove", {"comment~": regex}) and ("add", {prop: value})."""
    commands = []
    menu = None
    for line in script.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("/"):
            menu = line.strip()
            continue
        assert menu == "/queue simple", line
        found = re.fullmatch(r'remove \[find where comment~("(?:\\.|[^"\\])*")\]', line)
        if found:
            commands.append(("remove", {"comment~": unquote(found.group(1))}))
            continue
        assert line.startswith("add "), line
        rest = line[4:]
        props = {}
        for match in TOKEN.finditer(rest):
            value = match.group(2)
            props[match.group(1)] = unquote(value) if value.startswith('"') else value
        # nothing left over that the tokens did not take
        assert TOKEN.sub("", rest).strip() == "", rest
        commands.append(("add", props))
    return commands


class Router:
    """The simple-queue table: name → properties, in the order added."""

    def __init__(self, queues: dict[str, dict[str, str]] | None = None):
        self.queues = dict(queues or {})

    def apply(self, script: str) -> None:
        for command, props in parse(script):
            if command == "remove":
                pattern = re.compile(props["comment~"])
                doomed = [n for n, q in self.queues.items() if pattern.search(q.get("comment", ""))]
                for name in doomed:
                    children = [n for n, q in self.queues.items() if q.get("parent") == name]
                    assert set(children) <= set(doomed), "a parent removed before its children"
                    assert not children or all(c not in self.queues for c in children), (
                        f"{name} removed while {children} still under it"
                    )
                    del self.queues[name]
            else:
                name = props["name"]
                assert name not in self.queues, f"{name} exists"
                parent = props.get("parent", "none")
                assert parent == "none" or parent in self.queues, f"no parent {parent}"
                self.queues[name] = props
