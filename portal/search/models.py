"""Database state of the search layer: the index outbox, a stored search-only engine key,
editors' picks, editors' synonyms and the anonymous search counts behind the search report.

Defined here, next to the code that uses them, and imported by ``portal.models`` so they belong
to the ``portal`` app (and its migrations). Nothing here imports an engine.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string
from wagtail.models import DraftStateMixin, RevisionMixin

from portal.i18n import language_choices
from portal.search.requests import collection_names, pick_target
from portal.search.text import MAX_QUERY_LENGTH, canonical_query


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

    url = models.CharField(max_length=300, help_text=_("the Meilisearch server the key belongs to"))
    uid = models.CharField(max_length=64)
    key = models.CharField(max_length=200)
    description = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(default=timezone.now)

    objects = SearchEngineKeyManager()

    class Meta:
        verbose_name = _("search engine key")

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
    index). ``remove``: the document goes (the object was deleted). ``synonyms``: the index of
    ``document_type`` gets the glossary's synonyms as they are when sent (an editor changed one;
    ``document_id`` is empty).
    """

    INDEX = "index"
    REMOVE = "remove"
    SYNONYMS = "synonyms"
    ACTIONS = [(INDEX, "index"), (REMOVE, "remove"), (SYNONYMS, "synonyms")]

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
        verbose_name = _("index outbox entry")
        verbose_name_plural = _("index outbox entries")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.document_type}/{self.document_id} (attempts {self.attempts})"


def pickable_page_types() -> tuple[str, ...]:
    """Page types (model labels) an editor may pin: those the collections registered as their
    pick targets (each app's search.py), so this package names no page type itself."""
    labels: dict[str, None] = {}
    for name in collection_names():
        target = pick_target(name)
        if target is not None:
            labels.update(dict.fromkeys(target.page_types))
    return tuple(labels)


ANY_LANGUAGE = ""


def _language_choices() -> list[tuple[str, str]]:
    return [(ANY_LANGUAGE, _("Any language")), *language_choices()]


class SearchPick(models.Model):
    """An editors' pick: one page or one expert shown first for one query.

    Why: some questions have one answer editors know is best (the national action plan for
    "clean air plan"); ranking cannot know that. The query is matched in its canonical form
    (``canonical_query``: case, tone marks and spacing do not matter), in the reader's language
    or in any. Only what the index holds is ever shown, so a pick of an unpublished page or
    expert stays invisible until it is published again.
    """

    query = models.CharField(
        _("query"),
        max_length=MAX_QUERY_LENGTH,
        help_text=_("What readers type; capitals, tone marks and extra spaces do not matter."),
    )
    normalised_query = models.CharField(max_length=MAX_QUERY_LENGTH, editable=False, db_index=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=_language_choices,
        default=ANY_LANGUAGE,
        blank=True,
        help_text=_("Show the pick only to readers searching in this language."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A case study, training material or forum report."),
    )
    expert = models.ForeignKey(
        "experts.Expert",
        verbose_name=_("expert"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first when a query has several picks.")
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Why this pick; for editors only."))

    class Meta:
        verbose_name = _("editors' pick")
        verbose_name_plural = _("editors' picks")
        ordering = ["normalised_query", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(page__isnull=False, expert__isnull=True)
                    | models.Q(page__isnull=True, expert__isnull=False)
                ),
                name="searchpick_page_or_expert",
            )
        ]

    def __str__(self) -> str:
        target = self.page or self.expert
        return f"{self.query} → {target}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Store the canonical query too: searches look picks up by it, with an index."""
        self.normalised_query = canonical_query(self.query or "")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """One target, of a kind the search shows, and a query that is not empty once normalised."""
        errors: dict[str, str] = {}
        if not canonical_query(self.query or ""):
            errors["query"] = _("Enter the words readers search for.")
        if (self.page_id is None) == (self.expert_id is None):
            errors["page"] = _("Choose either a page or an expert.")
        elif self.page is not None and self.page.specific_class._meta.label not in pickable_page_types():
            errors["page"] = _("Choose a case study, training material or forum report.")
        if errors:
            raise ValidationError(errors)


class SearchQueryLog(models.Model):
    """How often one query was searched, found nothing, and had a result followed, on one day.

    Why aggregates only: the search report needs what readers look for, not who they are. No
    IP address, account, session, user agent or time of day is kept; one row per canonical
    query, language, collection and day, incremented in place.
    """

    query = models.CharField(max_length=MAX_QUERY_LENGTH)
    language = models.CharField(max_length=8)
    collection = models.CharField(max_length=20)
    day = models.DateField(db_index=True)
    searches = models.PositiveIntegerField(default=0)
    zero_results = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search query count")
        default_permissions = ()
        permissions = [("view_search_report", "Can view the search report")]
        constraints = [
            models.UniqueConstraint(
                fields=["query", "language", "collection", "day"], name="searchquerylog_one_row_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.language} {self.collection}: {self.query!r} ×{self.searches}"


SYNONYM_FIELDS = {"en": "terms_en", "vi": "terms_vi", "id": "terms_ind", "th": "terms_th"}
"""Language → the SearchSynonym field holding its terms (``_ind`` for Bahasa Indonesia, as in
the translated fields, so it never reads as a foreign key)."""
MAX_TERM_LENGTH = 100


class SearchSynonym(DraftStateMixin, RevisionMixin, models.Model):
    """Words editors make equivalent in search, in any of the four languages.

    Why: readers use everyday words ("smog", "kẹt xe", "macet", "รถติด") that the content does not;
    the glossary file (portal/search/data/glossary.json) holds the portal's vocabulary, and
    editors add what readers turn out to type, without a release. Only published groups count,
    so a group can be drafted and reviewed first. A group that shares a term with one search
    already knows extends that group (``Glossary.with_additions``). Both engines pick a change
    up at once: the embedded one reads the published groups at query time
    (``portal.search.synonyms``), Meilisearch gets its ``synonyms`` setting through the index
    outbox.
    """

    terms_en = models.TextField(
        _("English terms"),
        blank=True,
        help_text=_("Words or phrases readers use, one per line, for example “smog”."),
    )
    terms_vi = models.TextField(
        _("Vietnamese terms"),
        blank=True,
        help_text=_("Words or phrases readers use, one per line, for example “khói mù”."),
    )
    terms_ind = models.TextField(
        _("Indonesian terms"),
        blank=True,
        help_text=_("Words or phrases readers use, one per line, for example “kabut asap”."),
    )
    terms_th = models.TextField(
        _("Thai terms"),
        blank=True,
        help_text=_("Words or phrases readers use, one per line, for example “หมอกควัน”."),
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("Why these words mean the same thing; for editors only.")
    )

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["terms_en", "pk"]

    def __str__(self) -> str:
        terms = [term for values in self.terms().values() for term in values]
        shown = " = ".join(terms[:4])
        if len(terms) > 4:
            return f"{shown} …"
        return shown or f"#{self.pk}"  # a draft saved before its terms were written

    def terms(self) -> dict[str, tuple[str, ...]]:
        """Language → its terms, one per non-empty line, spaces tidied, each once, in order."""
        found: dict[str, tuple[str, ...]] = {}
        for language, name in SYNONYM_FIELDS.items():
            lines = (" ".join(line.split()) for line in (getattr(self, name) or "").splitlines())
            values = tuple(dict.fromkeys(line for line in lines if line))
            if values:
                found[language] = values
        return found

    @property
    def group_key(self) -> str:
        """The key of this group in the glossary (editors' groups have no taxonomy slug)."""
        return f"editors-{self.pk}"

    def clean(self) -> None:
        """At least two different terms, each one search can match, and a group that neither
        repeats what search already knows nor joins two groups it keeps apart."""
        from portal.search.glossary import canonical_words
        from portal.search.synonyms import glossary_without

        super().clean()
        errors: dict[str, list[str]] = {}
        canonical: set[tuple[str, ...]] = set()
        for language, values in self.terms().items():
            field = SYNONYM_FIELDS[language]
            for value in values:
                words = canonical_words(value)
                if len(value) > MAX_TERM_LENGTH:
                    errors.setdefault(field, []).append(
                        gettext("“%(term)s…” is too long: keep each term under %(limit)d characters.")
                        % {"term": value[:30], "limit": MAX_TERM_LENGTH}
                    )
                elif not words:
                    errors.setdefault(field, []).append(
                        gettext("“%(term)s” has no letters or digits to search for.") % {"term": value}
                    )
                else:
                    canonical.add(words)
        if errors:
            raise ValidationError(errors)
        if len(canonical) < 2:
            raise ValidationError(gettext("Enter at least two different terms: a word and what it means."))
        index = glossary_without(self.group_key if self.pk else None).index()
        owners = {group.key: group for words in canonical for group in index.get(words, ())}
        if len(owners) > 1:
            names = ", ".join(f"“{group.all_terms()[0]}”" for _key, group in sorted(owners.items()))
            raise ValidationError(
                gettext(
                    "These terms already belong to different groups (%(groups)s). A synonym can "
                    "add to one of them, not join them."
                )
                % {"groups": names}
            )
        if len(owners) == 1 and all(words in index for words in canonical):
            [owner] = owners.values()
            raise ValidationError(
                gettext("Search already treats all these terms as the same (“%(term)s”).")
                % {"term": owner.all_terms()[0]}
            )


class TextVector(models.Model):
    """The embedding of one passage, keyed by the fingerprint of its model and text.

    Why stored: embedding is the slowest part of indexing (tens of milliseconds a passage on one
    core), and most saves and every rebuild hand over text that was embedded before. A vector is
    looked up by ``fingerprint(model_id, text)`` and computed only when missing, so a re-save of
    unchanged text or a rebuild never recomputes, and a model change starts a new set of rows.
    """

    fingerprint = models.CharField(max_length=64, unique=True)
    model_id = models.CharField(max_length=100)
    dimensions = models.PositiveSmallIntegerField()
    vector = models.BinaryField(help_text=_("little-endian float32 values"))
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("text vector")

    def __str__(self) -> str:
        return f"{self.model_id} vector {self.fingerprint[:12]}"


class DocumentText(models.Model):
    """The words inside an uploaded document (a PDF report, a slide deck), read by the task worker.

    Why stored: reading a PDF takes from milliseconds to seconds, so it happens once per file
    (``file_hash``) on the worker after the upload, never during the save or while indexing; the
    pages that link the document put this text into their search documents
    (portal/search/document_text.py).
    """

    document = models.OneToOneField(
        get_document_model_string(), on_delete=models.CASCADE, related_name="extracted_text"
    )
    file_hash = models.CharField(
        max_length=40, blank=True, help_text=_("SHA-1 of the file the text was read from")
    )
    text = models.TextField(blank=True)
    pages = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True, help_text=_("why no text could be read, if so"))
    # The language the file says it is written in (a PDF's /Lang, an Office file's dc:language),
    # so a link to it can say so (hreflang and the language's name) on a page in another language.
    # A BCP 47 primary subtag ("vi"), or "" when the file names no language.
    language = models.CharField(max_length=16, blank=True)
    extracted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document text")

    def __str__(self) -> str:
        return f"text of document {self.document_id}"
