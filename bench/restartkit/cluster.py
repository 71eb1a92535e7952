"""A private, throwaway PostgreSQL cluster (never the shared server), and pg_amcheck over it."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

DATABASE_NAME = "silajar_restart"
FIRST_PORT = 55432


def postgres_bin() -> Path:
    """The newest Debian PostgreSQL's programs, else the folder of `initdb` on the PATH."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise SystemExit("PostgreSQL's initdb was not found (apt install postgresql)")
    return Path(initdb).parent


def free_port_from(first: int) -> int:
    for port in range(first, first + 200):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as PostgreSQL does
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"no free port in {first}–{first + 199}")


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary folder, trust authentication, listening on
    127.0.0.1:`port` (and a Unix socket in the folder). As root, its programs run as the
    `postgres` user (initdb and postgres refuse root)."""

    def __init__(self, bin_dir: Path, port: int):
        self.bin, self.port = bin_dir, port
        self.root = Path(tempfile.mkdtemp(prefix="silajar-restart-pg-"))
        self.data, self.log = self.root / "data", self.root / "postgres.log"
        self.as_owner: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self.running = False

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, program: str, *arguments: str) -> None:
        result = subprocess.run(  # noqa: S603 — PostgreSQL's own programs, fixed arguments
            [*self.as_owner, str(self.bin / program), *arguments],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"{program} {' '.join(arguments)} failed:\n{result.stderr}")

    def create(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl", "start", "-D", str(self.data), "-o", options, "-l", str(self.log),
            "-w", "-t", "120",
        )  # fmt: skip
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w", "-t", "120")
        self.running = False

    def started_at(self) -> str:
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            return str(connection.execute("SELECT pg_postmaster_start_time()").fetchone()[0])

    def remove(self) -> None:
        """Stop it if it runs, and delete the folder (its log is copied out first by the caller)."""
        if self.running:
            try:
                self.stop("fast")
            except SystemExit:
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def amcheck(cluster: Cluster) -> dict:
    """pg_amcheck over the app's database: every table's pages and every B-tree index."""
    result = subprocess.run(  # noqa: S603 — PostgreSQL's own program
        [
            str(cluster.bin / "pg_amcheck"),
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "--install-missing",
            "--heapallindexed",
            "-d",
            DATABASE_NAME,
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return {"ok": result.returncode == 0, "output": (result.stdout + result.stderr)[-2000:]}
