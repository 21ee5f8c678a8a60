"""Background work of the experts app: the indexes a bulk import refreshes per batch.

The e-mail tasks live with the accounts (experts.accounts.tasks). Their names are re-exported here
because django-tasks stores each queued task's path (``experts.tasks.send_email``…) and resolves it
when the worker runs it: a task queued before the move must still find its function.
"""

import logging

from django_tasks import task

from experts.accounts.tasks import (
    hash_token,
    new_token,
    render_email,
    send_email,
    send_invitation,
    send_sign_in_link,
)

__all__ = [
    "hash_token",
    "new_token",
    "refresh_imported_experts",
    "render_email",
    "send_email",
    "send_invitation",
    "send_sign_in_link",
]

logger = logging.getLogger(__name__)


@task()
def refresh_imported_experts(*, expert_ids: list[int]) -> None:
    """The admin's search index and Wagtail's reference index for one batch of imported experts.

    What saving each expert queues as two tasks (modelsearch's and Wagtail's post_save
    handlers), done for a whole batch of the bulk import in one task: 10,000 rows had queued
    20,000 such tasks.
    """
    from django.db import transaction
    from modelsearch.backends import get_search_backends_with_name
    from wagtail.models import ReferenceIndex

    from experts.models import Expert

    experts = list(Expert.get_indexed_objects().filter(pk__in=expert_ids))
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(Expert, experts)
        except Exception:
            # As modelsearch does for one object: an external engine's failure is logged, a
            # database backend's is raised (its transaction is broken anyway).
            logger.exception("could not add %d imported experts to the %r search backend", len(experts), name)
            if not backend.catch_indexing_errors:
                raise
    for expert in experts:
        with transaction.atomic():
            ReferenceIndex.create_or_update_for_object(expert)
