"""Fixtures for the fault tests: services that refuse connections or accept them and never answer."""

from __future__ import annotations

import socket
import sqlite3
import threading
from collections.abc import Iterator

import pytest


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on: connections to it are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HungServer:
    """Accepts connections, reads nothing, answers nothing; counts the connections it got."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port: int = self.socket.getsockname()[1]
        self.held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def connections(self) -> int:
        return len(self.held)

    def _accept(self) -> None:
        self.socket.settimeout(0.05)
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.held.append(connection)  # kept open, never written to

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for connection in self.held:
            connection.close()
        self.socket.close()


@pytest.fixture
def hung_server() -> Iterator[HungServer]:
    server = HungServer()
    yield server
    server.close()


@pytest.fixture
def hung_port(hung_server: HungServer) -> int:
    """A local port that accepts connections and never answers."""
    return hung_server.port


@pytest.fixture
def threaded_database(transactional_db, tmp_path) -> Iterator[None]:
    """A database several threads can write at once, as in production.

    PostgreSQL needs nothing. SQLite's test database is in memory with a shared cache, where a
    second writer gets "database table is locked" at once instead of waiting as it does on the
    WAL file production uses; so the test runs on a copy of the database in a WAL file, with the
    production options (IMMEDIATE transactions, a 20 s busy timeout), and the in-memory database
    is put back untouched afterwards.
    """
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    memory_connection = connection.connection
    original_name = connection.settings_dict["NAME"]
    path = tmp_path / "threads.sqlite3"
    copy = sqlite3.connect(path)
    memory_connection.backup(copy)
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    # The wrapper would refuse to close an in-memory connection (closing destroys the database),
    # so it is set aside; every thread's new connection reads the shared settings and opens the file.
    connection.connection = None
    connection.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original_name
        connection.connection = memory_connection


@pytest.fixture(autouse=True)
def test_connection_stays_open(request, monkeypatch) -> None:
    """The worker, its heartbeat and the scheduler call ``close_old_connections`` as a request
    does. Inside a test's transaction the connection's autocommit differs from its settings, so
    on PostgreSQL Django closes it, ending the test's transaction under it (SQLite's in-memory
    test database ignores the close). Run in this process, they keep the test's connection;
    the concurrency tests, whose threads own their connections, keep the real behaviour."""
    if request.node.get_closest_marker("concurrency"):
        return
    from django_tasks_db.management.commands import db_worker as library_worker

    from portal import worker
    from portal.management.commands import scheduler

    for module in (library_worker, worker, scheduler):
        monkeypatch.setattr(module, "close_old_connections", lambda: None)
