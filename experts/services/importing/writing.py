"""Writing validated rows: one row at a time (``import_expert_row``) or in batches with retries
(``import_experts``), and the report of what was created, updated and refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import DataError, IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from experts.models import (
    TRANSLATED_FIELDS,
    Expert,
)
from experts.services.common import (
    TAXONOMY_MODELS,
)
from experts.services.importing.reading import ImportRowError, read_import_rows
from experts.services.importing.validation import _Lookups, _text_value, _validated_row
from portal.i18n import (
    language_codes,
    localized_field,
)


@dataclasses.dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = dataclasses.field(default_factory=list)


# Another import (or an editor) may create the same expert, or another expert with the same
# slug, between our look-up and our insert; each attempt is a fresh look-up and a fresh slug.
IMPORT_ROW_ATTEMPTS = 4


def import_expert_row(*, row: dict[str, Any]) -> tuple[Expert, bool]:
    """Create or update (matched on e-mail) one expert from an import row; returns (expert, created).

    Safe to run from several imports at once: the row is written in a savepoint, and when a
    concurrent writer wins the race for the e-mail or the slug (IntegrityError) it is written
    again, as an update of the expert the other one created or under the next free slug.
    """
    values = _validated_row(row)
    relations = {column: values.pop(column) for column in TAXONOMY_MODELS if column in values}
    for attempt in range(1, IMPORT_ROW_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                expert = Expert.objects.filter(email__iexact=values["email"]).first()
                created = expert is None
                expert = expert or Expert()
                for field, value in values.items():
                    setattr(expert, field, value)
                expert.save()
                for column, terms in relations.items():
                    getattr(expert, column).set(terms)
            return expert, created
        except IntegrityError as error:
            if attempt == IMPORT_ROW_ATTEMPTS:
                raise ImportRowError(
                    f"could not be saved while other writers changed it ({error})"
                ) from error
        except DataError as error:
            raise ImportRowError(f"could not be saved ({error})") from error
    raise AssertionError("unreachable: the last attempt returns or raises")


# Rows written per transaction. Small enough that a batch holds the database's write lock (SQLite)
# for a moment and its look-ups stay well under every database's parameter limit; large enough
# that the per-batch queries and tasks cost little per row.
IMPORT_BATCH_ROWS = 250
# A concurrent writer (another import, an editor) may take an e-mail or a slug between the batch's
# look-ups and its insert; the batch is then rolled back and written again with fresh look-ups,
# and after the last attempt row by row (import_expert_row), which settles each race on its own.
IMPORT_BATCH_ATTEMPTS = 3


@dataclasses.dataclass
class _ValidRow:
    number: int
    row: dict[str, Any]
    values: dict[str, Any]
    relations: dict[str, list[Any]]
    expert: Expert | None = None  # the instance written, once _write_batch has built it


def _write_batch(rows: list[_ValidRow]) -> tuple[int, int]:
    """Create or update the experts of ``rows`` in bulk, in the caller's transaction; returns
    (created, updated). Stores what import_expert_row's save() stores, and records what its
    signals would: the outbox entries (one queued run), the purges and the admin's indexes."""
    from experts.cache import purge_imported_experts_pages
    from experts.tasks import refresh_imported_experts
    from portal.search.signals import record_saved

    emails = [valid.values["email"] for valid in rows]
    existing = {
        expert.email.lower(): expert
        for expert in Expert.objects.alias(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    now = timezone.now()
    created: list[Expert] = []
    updated: list[Expert] = []
    update_fields: set[str] = set()
    for valid in rows:
        expert = existing.get(valid.values["email"])
        if expert is None:
            expert = Expert()
            created.append(expert)
        else:
            updated.append(expert)
            update_fields.update(valid.values)
        for field, value in valid.values.items():
            setattr(expert, field, value)
        expert.prepare_for_storage()
        expert.updated_at = now
        valid.expert = expert

    if created:
        bases = {Expert.slug_base(expert.name) for expert in created}
        clashes = Q()
        for base in bases:
            clashes |= Q(slug=base) | Q(slug__startswith=f"{base}-")
        taken = set(Expert.objects.filter(clashes).values_list("slug", flat=True))
        for expert in created:
            expert.slug = Expert.first_free_slug(Expert.slug_base(expert.name), taken)
            taken.add(expert.slug)
        Expert.objects.bulk_create(created)
    if updated:
        # save() writes every column; the ones an import row can change are enough, with the
        # untranslated columns modeltranslation keeps beside each language's and the timestamp.
        update_fields |= set(TRANSLATED_FIELDS) | {
            localized_field("biography", code) for code in language_codes()
        }
        update_fields |= {"updated_at"}
        # Not rewritten: modeltranslation would turn "position" into the active language's column.
        Expert.objects.rewrite(False).bulk_update(updated, sorted(update_fields))

    for column in TAXONOMY_MODELS:
        setting = [valid for valid in rows if column in valid.relations]
        if setting:
            _set_relation(
                column, {valid.expert.pk: valid.relations[column] for valid in setting if valid.expert}
            )

    experts = created + updated
    ids = [expert.pk for expert in experts]
    record_saved(Expert, ids)
    purge_imported_experts_pages(experts=experts)
    refresh_imported_experts.enqueue(expert_ids=ids)
    return len(created), len(updated)


def _set_relation(column: str, terms_by_expert: dict[int, list[Any]]) -> None:
    """What ``getattr(expert, column).set(terms)`` leaves, for many experts in three queries."""
    through = getattr(Expert, column).through
    target = f"{TAXONOMY_MODELS[column]._meta.model_name}_id"
    wanted = {(expert_id, term.pk) for expert_id, terms in terms_by_expert.items() for term in terms}
    stored = {
        (expert_id, term_id): pk
        for pk, expert_id, term_id in through.objects.filter(expert_id__in=terms_by_expert).values_list(
            "pk", "expert_id", target
        )
    }
    stale = [pk for pair, pk in stored.items() if pair not in wanted]
    if stale:
        through.objects.filter(pk__in=stale).delete()
    missing = sorted(wanted - stored.keys())
    if missing:
        through.objects.bulk_create(
            [through(expert_id=expert_id, **{target: term_id}) for expert_id, term_id in missing]
        )


def _import_batch(
    batch: list[tuple[int, dict[str, Any]]],
    *,
    report: ImportReport,
    imported_from: dict[str, int],
    lookups: _Lookups,
) -> None:
    """Validate a batch in Python, then write its good rows together (see _write_batch)."""
    lookups.load(row for _number, row in batch)
    valid_rows: list[_ValidRow] = []
    for number, row in batch:
        email = _text_value(row, "email").lower()
        if email in imported_from:
            report.errors.append(
                (number, f"email {email!r} is already on line {imported_from[email]} of this file")
            )
            continue
        try:
            values = _validated_row(row, lookups=lookups)
        except ImportRowError as error:
            report.errors.append((number, str(error)))
            continue
        imported_from[email] = number
        relations = {column: values.pop(column) for column in TAXONOMY_MODELS if column in values}
        valid_rows.append(_ValidRow(number=number, row=row, values=values, relations=relations))
    if not valid_rows:
        return
    for _attempt in range(IMPORT_BATCH_ATTEMPTS):
        try:
            with transaction.atomic():
                created, updated = _write_batch(valid_rows)
        except IntegrityError:
            continue  # a concurrent writer took an e-mail or a slug: look up again
        except DataError:
            break  # one row the database refuses: find it row by row
        report.created += created
        report.updated += updated
        return
    for valid in valid_rows:
        try:
            _expert, was_created = import_expert_row(row=valid.row)
        except ImportRowError as error:
            report.errors.append((valid.number, str(error)))
            del imported_from[valid.values["email"]]
            continue
        if was_created:
            report.created += 1
        else:
            report.updated += 1


def import_experts(*, path: Path, progress: bool = False) -> ImportReport:
    """Import every valid row of `path`; invalid rows are collected in the report, not raised.

    The file is read a line at a time and written IMPORT_BATCH_ROWS rows per transaction, so
    memory stays flat and a 10,000-row file costs a few queries per batch, not per row. The
    report's errors are in line order.
    """
    from tqdm import tqdm

    report = ImportReport()
    rows: Iterator = read_import_rows(path=path)
    if progress:
        rows = tqdm(rows, desc="experts", unit=" rows")
    # The line each e-mail was imported from. A file holds each expert once: a second row with
    # the same address (in any case) would silently overwrite the first, so it is reported and
    # the first one kept. A second *file* with the address still updates the expert.
    imported_from: dict[str, int] = {}
    lookups = _Lookups()
    batch: list[tuple[int, dict[str, Any]]] = []
    for number, row in rows:
        if isinstance(row, ImportRowError):
            report.errors.append((number, str(row)))
            continue
        batch.append((number, row))
        if len(batch) == IMPORT_BATCH_ROWS:
            _import_batch(batch, report=report, imported_from=imported_from, lookups=lookups)
            batch = []
    if batch:
        _import_batch(batch, report=report, imported_from=imported_from, lookups=lookups)
    report.errors.sort(key=lambda error: error[0])
    return report
