"""A throwaway PostgreSQL server from the machine's own binaries, for the decision-record tests.

initdb into a temporary folder, a free loopback port, trust authentication on loopback only,
stopped and removed at the end. PostgreSQL refuses to run as root, so as root the server runs as
the ``postgres`` user (Debian's package creates it) in a folder that user owns.

By hand (as .ci/run's tests start it)::

    python -m tests.record.pgserver      # prints the URL; Enter stops the server
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: Debian's newest version, else the PATH."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(os.path.realpath(initdb)).parent
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    binaries: Path
    folder: Path
    port: int
    user: str | None  # the user the server runs as, when we are root

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, text=True, timeout=120)

    def stop(self) -> None:
        try:
            self._run(
                str(self.binaries / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "stop",
                "-m",
                "immediate",
                "-w",
            )
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.database_url(name)


def start() -> Server:
    """Start a server; RuntimeError when it cannot (the message says why)."""
    binaries = find_binaries()
    if binaries is None:
        raise RuntimeError("no PostgreSQL binaries (initdb, pg_ctl): apt-get install postgresql")
    # As root the server runs as "postgres", which must reach the folder: /tmp, not $TMPDIR.
    base = "/tmp" if os.geteuid() == 0 and os.path.isdir("/tmp") else None
    folder = Path(tempfile.mkdtemp(prefix="cr-pg-", dir=base))
    user = None
    if os.geteuid() == 0:
        user = "postgres"
        try:
            entry = pwd.getpwnam(user)
        except KeyError:
            raise RuntimeError("running as root and there is no 'postgres' user") from None
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    server = Server(binaries, folder, _free_port(), user)
    data = folder / "data"
    try:
        server._run(
            str(binaries / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        server._run(
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(folder / "log"),
            "-w",
            "-o",
            f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )
    except subprocess.CalledProcessError as error:
        shutil.rmtree(folder, ignore_errors=True)
        reason = (error.stderr or "").strip()[:300]
        raise RuntimeError(f"PostgreSQL did not start: {reason}") from None
    return server


if __name__ == "__main__":
    running = start()
    print(running.url, flush=True)
    try:
        input()
    finally:
        running.stop()
