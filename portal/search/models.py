"""Database state of the search layer: the index outbox and a stored search-only engine key.

Defined here, next to the code that uses them, and imported by ``portal.models`` so they belong
to the ``portal`` app (and its migrations). Nothing here imports an engine.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SearchEngineKeyManager(models.Manager["SearchEngineKey"]):
    def for_url(self, url: str) -> SearchEngineKey | None:
        """The newest key stored for the engine at ``url``, if any."""
        return self.filter(url=url.rstrip("/")).order_by("-created").first()


class SearchEngineKey(models.Model):
    """A search-only Meilisearch key made by ``search_index create-search-key``.

    Why stored: web processes must search with a key that cannot write, and operators should
    not have to copy a generated key into every process's environment. It can only search the
    portal's indexes; it is never shown in a page, an API answer or a log.
    """

    url = models.CharField(max_length=300, help_text="the Meilisearch server the key belongs to")
    uid = models.CharField(max_length=64)
    key = models.CharField(max_length=200)
    description = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(default=timezone.now)

    objects = SearchEngineKeyManager()

    class Meta:
        verbose_name = "search engine key"

    def __str__(self) -> str:  # never the key itself
        return f"search key {self.uid} for {self.url}"


class IndexOutboxEntry(models.Model):
    """One index change waiting to be confirmed by the search engine.

    Why: a save must never wait for, or be lost because of, the engine. The change is written
    here with (or right after) the save, then sent by a task; the row is deleted only when the
    engine has confirmed it, and retried with growing delays until then. ``search_index status``
    and ``/healthz`` report the backlog.

    ``action`` ``index``: bring document ``document_id`` in line with object ``object_pk`` of
    ``model_label`` as it is when sent (indexed, or removed if it must no longer be in the
    index). ``remove``: the document goes (the object was deleted).
    """

    INDEX = "index"
    REMOVE = "remove"
    ACTIONS = [(INDEX, "index"), (REMOVE, "remove")]

    document_type = models.CharField(max_length=100)
    document_id = models.CharField(max_length=255)
    model_label = models.CharField(max_length=100, blank=True)
    object_pk = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=10, choices=ACTIONS)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)
    claimed_by = models.CharField(max_length=40, blank=True, db_index=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "index outbox entry"
        verbose_name_plural = "index outbox entries"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.document_type}/{self.document_id} (attempts {self.attempts})"
