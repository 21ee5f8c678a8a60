"""``manage.py db_worker``: django-tasks' database worker with a heartbeat.

Same command, options and behaviour as ``django_tasks_db``'s (this app comes first in
INSTALLED_APPS, so Django runs this one), plus a thread that records the worker's heartbeat and
gives the tasks of dead workers back to the queue (portal/worker.py).
"""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker

from portal.worker import HeartbeatThread


class Worker(db_worker.Worker):
    def run(self) -> None:
        heartbeat = HeartbeatThread(worker_id=self.worker_id)
        # The first beat before the first claim: /healthz sees the worker at once, and tasks
        # left by a worker that died before this one started are back in the queue.
        heartbeat.tick()
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stop()


class Command(db_worker.Command):
    help = db_worker.Command.help + ", with a heartbeat (portal/worker.py)"

    def handle(self, *args: object, **options: object) -> None:
        # The library builds its Worker by name inside handle(); pointing the name at the
        # subclass keeps every option and the reload behaviour as they are.
        original = db_worker.Worker
        db_worker.Worker = Worker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
