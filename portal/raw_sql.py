"""Values read by hand-written SQL, made what the ORM would have made of them.

A few statements that run on every probe are written by hand because building them with the ORM
cost more than running them (/healthz's queue figures in portal/health.py, the search outbox's
backlog in portal/search/outbox/sending.py). Their values come back as the database driver gives
them (SQLite gives a moment as text), so each goes through the converters the ORM's compiler
would apply to its field's column: the backend's first, then the field's own ``from_db_value``.

Imports nothing of the project (pyproject.toml, contract ``raw-sql-ground``), so any module may use it.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field

__all__ = ["field_value"]


def field_value(value: Any, *, field: Field, connection: BaseDatabaseWrapper) -> Any:
    """``value``, read from ``field``'s column (or an aggregate of it such as MIN) by hand-written
    SQL on ``connection``, as the ORM would return it for ``field``."""
    expression = field.get_col(field.model._meta.db_table)
    # The order of SQLCompiler.get_converters: the backend's converters, then the field's.
    converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
    for converter in converters:
        value = converter(value, expression, connection)
    return value
