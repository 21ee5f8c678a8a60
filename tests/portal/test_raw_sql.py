import pytest
from django.db import connections

from portal.raw_sql import field_value

pytestmark = pytest.mark.django_db


def test_values_read_by_hand_written_sql_are_what_the_orm_reads(settings):
    # /healthz and the search outbox read the queue's moments with statements of their own; what
    # they report must be what the models hold, on SQLite (text) as on PostgreSQL.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    from experts.accounts.tasks import send_email

    send_email.enqueue(to=["a@example.org"], subject="Hello", body="…")
    task = DBTaskResult.objects.get()
    connection = connections[DBTaskResult.objects.db]
    meta, quote = DBTaskResult._meta, connection.ops.quote_name
    fields = [meta.get_field("enqueued_at"), meta.get_field("args_kwargs"), meta.get_field("return_value")]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(field.column) for field in fields)} FROM {quote(meta.db_table)}"  # noqa: S608
        )
        row = cursor.fetchone()

    read = [
        field_value(value, field=field, connection=connection)
        for value, field in zip(row, fields, strict=True)
    ]

    # A moment (SQLite gives text), a JSON document (the field's own from_db_value) and a NULL.
    assert read == [task.enqueued_at, task.args_kwargs, None]
    assert read[1]["kwargs"]["subject"] == "Hello"
