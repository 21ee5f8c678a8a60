"""Values read by hand-written SQL, made what the ORM would have made of them.

A few statements that run on every probe are written by hand because building them with the ORM
cost more than running them (/healthz's queue figures in portal/health.py, the search outbox's
backlog in portal/search/outbox/sending.py). Their values come back as the database driver gives
them (SQLite gives a moment as text), so each goes through the converters the ORM's compiler
would apply to its field's column: the backend's first, then the field's own ``from_db_value``.

Imports nothing of the project (pyproject.toml, contract ``raw-sql-ground``), so any module may use it.
"""

from __future__ import annotations

import functools
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, JSONField, Model
from django.db.models.sql import RawQuery
from wagtail.fields import StreamField

__all__ = ["field_value", "read_model_row"]


def field_value(value: Any, *, field: Field, connection: BaseDatabaseWrapper) -> Any:
    """``value``, read from ``field``'s column (or an aggregate of it such as MIN) by hand-written
    SQL on ``connection``, as the ORM would return it for ``field``."""
    expression = field.get_col(field.model._meta.db_table)
    # The order of SQLCompiler.get_converters: the backend's converters, then the field's.
    converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
    for converter in converters:
        value = converter(value, expression, connection)
    return value


# What wagtail.fields.StreamField.json_field builds anew on every call (a JSONField with Django's
# encoder and no decoder), made once: its from_db_value is the same for every StreamField.
_STREAM_JSON = JSONField(encoder=DjangoJSONEncoder)


def _stream_from_db(field: StreamField, value: Any, expression: Any, connection: Any) -> Any:
    """``StreamField.from_db_value`` without building a JSONField for every value (sixteen per
    case study row: four StreamFields in four languages)."""
    return field.to_python(_STREAM_JSON.from_db_value(value, expression, connection))


def _row_reader(
    connection: Any, model: type[Model], columns: tuple[str, ...]
) -> tuple[list[str], list[int], list[tuple[int, list[Any], Any]], list[tuple[str, int]]]:
    """What ``RawModelIterable`` works out before it reads a row of ``model`` with ``columns``:
    the fields' names and positions, each column's converters, the columns of no field.

    ``raw()`` works these out again for every query (the converters of ~94 columns and their
    positions were 0.65 ms of the 1.7 ms a case study's routing read cost); they depend only on
    the model, the columns and the connection, so they are kept on the connection (one per thread
    and database) by model and columns.
    """
    readers: dict[tuple[type[Model], tuple[str, ...]], Any] = connection.__dict__.setdefault(
        "_portal_row_readers", {}
    )
    key = (model, columns)
    if key not in readers:
        convert_name = connection.introspection.identifier_converter
        model_fields = {convert_name(field.column): field for field in model._meta.fields}
        init_fields = [field for field in model._meta.fields if convert_name(field.column) in columns]
        names = [field.attname for field in init_fields]
        positions = [columns.index(convert_name(field.column)) for field in init_fields]
        extra = [(column, at) for at, column in enumerate(columns) if column not in model_fields]
        fields = [model_fields.get(column) for column in columns]
        cols = [field.get_col(field.model._meta.db_table) if field else None for field in fields]
        compiler = connection.ops.compiler("SQLCompiler")(
            RawQuery("", connection.alias), connection, connection.alias
        )
        converters = []
        for at, (functions, expression) in compiler.get_converters(cols).items():
            field = fields[at]
            if isinstance(field, StreamField):
                functions = [
                    functools.partial(_stream_from_db, field) if function == field.from_db_value else function
                    for function in functions
                ]
            converters.append((at, functions, expression))
        readers[key] = (names, positions, converters, extra)
    return readers[key]


def read_model_row(model: type[Model], sql: str, params: list[Any]) -> Model | None:
    """The first row of ``sql`` as a ``model`` instance, as ``model.objects.raw(sql, params)``
    would make it (tests/portal/test_routing.py holds the two equal), None without a row.

    For statements compiled once per process from a queryset (routing's read of a page, a
    profile's expert): ``raw()`` works out the fields' converters and positions on every call."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_unknown_value(value) for value in params])
        row = cursor.fetchone()
        if row is None:
            return None
        # The columns a statement returns follow from its text: read from the result's
        # description once per statement and connection (psycopg builds a Column object for each
        # of ~94 columns on every access: ~0.2 ms of a case study's CPU).
        known: dict[str, tuple[str, ...]] = connection.__dict__.setdefault("_portal_row_columns", {})
        columns = known.get(sql)
        if columns is None:
            convert_name = connection.introspection.identifier_converter
            columns = known[sql] = tuple(convert_name(meta[0]) for meta in cursor.description)
    names, positions, converters, extra = _row_reader(connection, model, columns)
    values = list(row)
    for at, functions, expression in converters:
        value = values[at]
        for function in functions:
            value = function(value, expression, connection)
        values[at] = value
    page = model.from_db(alias, names, [values[at] for at in positions])
    for column, at in extra:
        setattr(page, column, values[at])
    return page
