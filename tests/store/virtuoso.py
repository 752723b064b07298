"""A throwaway Virtuoso (Debian's ``virtuoso-opensource``) on loopback, set up as
docs/deployment.md tells: its own database and ini in a folder, a loader user with the one grant
``kg load`` needs, and the same grant revoked once the data is in.

Used by the remote tests (tests/store/test_remote.py) and by ``make bench-backends`` (bench/backends.py).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"

# docs/deployment.md quotes this file: keep the two the same.
INI = """\
[Database]
DatabaseFile       = virtuoso.db
ErrorLogFile       = virtuoso.log
LockFile           = virtuoso.lck
TransactionFile    = virtuoso.trx
xa_persistent_file = virtuoso.pxa
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx

[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
CaseMode           = 2
DirsAllowed        = .
NumberOfBuffers    = {buffers}
MaxDirtyBuffers    = {dirty}
CheckpointInterval = 60
MaxQueryMem        = 2G
VectorSize         = 1000
MaxVectorSize      = 1000000
AdjustVectorSize   = 0
ThreadsPerQuery    = 4
AsyncQueueMaxThreads = 10
IndexTreeMaps      = 64
MaxMemPoolSize     = 200000000

[HTTPServer]
ServerPort    = 127.0.0.1:{http_port}
ServerRoot    = .
ServerThreads = 10

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryExecutionTime      = {timeout_s}
MaxQueryCostEstimationTime = 0
"""
# MaxQueryCostEstimationTime = 0: no refusal on the optimizer's estimate, which was off by up to
# 10^4 at 1M quads (the timeline: "estimated execution time 22377 (sec)", then 0.76 s to run).
GRANT = "DB.DBA.USER_CREATE('{user}', '{password}'); GRANT SPARQL_UPDATE TO \"{user}\";"
REVOKE = "REVOKE SPARQL_UPDATE FROM \"{user}\";"


@dataclass
class Virtuoso:
    process: subprocess.Popen
    folder: Path
    http_port: int
    sql_port: int
    dba_password: str
    user: str = "kg"
    password: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol service for authenticated users (HTTP digest auth)."""
        return self.url + "/sparql-graph-crud-auth"

    @property
    def update(self) -> str:
        """The SPARQL endpoint for authenticated users, where updates go (digest auth)."""
        return self.url + "/sparql-auth"

    def sql(self, statements: str) -> str:
        """Run SQL as dba through isql; its output.

        :raise RuntimeError: isql failed or reported an error.
        """
        done = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", self.dba_password,
                               f"exec={statements}"], capture_output=True, text=True, timeout=120)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed: {done.stdout}{done.stderr}")
        return done.stdout

    def grant(self) -> None:
        self.sql(GRANT.format(user=self.user, password=self.password))

    def revoke(self) -> None:
        self.sql(REVOKE.format(user=self.user))

    def restart(self) -> float:
        """Stop and start the server on the same database; the seconds it took."""
        started = time.monotonic()
        self.stop()
        self.process = _launch(self.folder)
        _wait(self)
        return time.monotonic() - started

    def stop(self) -> None:
        if self.process.poll() is None:
            try:  # a clean shutdown is quick; SIGTERM is the fallback
                self.sql("shutdown;")
                self.process.wait(timeout=30)
            except (RuntimeError, subprocess.TimeoutExpired):
                from tests.conftest import end_process  # here: bench/backends.py imports this module

                end_process(self.process, timeout=20)


def installed() -> bool:
    return os.access(VIRTUOSO, os.X_OK) and os.access(ISQL, os.X_OK)


def start(folder: Path, http_port: int, sql_port: int, *, buffers: int = 10_000,
          max_rows: int = 100_000, timeout_s: int = 30) -> Virtuoso:
    """A new database in ``folder``, served on 127.0.0.1; the dba password changed to a random
    one, the loader user created and granted SPARQL_UPDATE. Waits until /sparql answers."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "virtuoso.ini").write_text(INI.format(
        sql_port=sql_port, http_port=http_port, buffers=buffers, dirty=buffers * 3 // 4,
        max_rows=max_rows, timeout_s=timeout_s), encoding="utf-8")
    server = Virtuoso(_launch(folder), folder, http_port, sql_port, "dba",
                      password=secrets.token_hex(12))
    try:
        _wait(server)
        dba = secrets.token_hex(12)
        server.sql(f"DB.DBA.USER_CHANGE_PASSWORD('dba', 'dba', '{dba}');")
        server.dba_password = dba
        server.grant()
    except BaseException:
        server.stop()
        raise
    return server


def _launch(folder: Path) -> subprocess.Popen:
    return subprocess.Popen([VIRTUOSO, "+configfile", "virtuoso.ini", "+foreground"],
                            cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait(server: Virtuoso, limit: float = 120) -> None:
    """Until the HTTP server answers (a new database takes a few seconds to initialise)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log = server.folder / "virtuoso.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"virtuoso-t exited with {server.process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(server.sparql + "?query=ASK%7B%7D", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"Virtuoso did not answer within {limit:g} s")
