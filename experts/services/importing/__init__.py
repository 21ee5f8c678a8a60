"""Importing experts from CSV or JSON Lines (the format is in the README, "Experts directory").

Three steps, one module each: ``reading`` turns a file into numbered rows (or row errors),
``validation`` checks one row against the vocabularies and ``writing`` stores valid rows in
batches. The interface (``import_experts``, ``import_expert_row``, ``read_import_rows`` and the
column lists) is re-exported here.
"""

from __future__ import annotations

from experts.services.importing.reading import (
    HOLDS_NUL,
    NOT_UTF8,
    UNTERMINATED_QUOTE,
    ImportRowError,
    read_import_rows,
)
from experts.services.importing.validation import (
    IMPORT_LIST_COLUMNS,
    IMPORT_TRANSLATED_COLUMNS,
    LANGUAGE_CODE_PATTERN,
)
from experts.services.importing.writing import (
    IMPORT_BATCH_ATTEMPTS,
    IMPORT_BATCH_ROWS,
    IMPORT_ROW_ATTEMPTS,
    ImportReport,
    import_expert_row,
    import_experts,
)

__all__ = [
    "HOLDS_NUL",
    "IMPORT_BATCH_ATTEMPTS",
    "IMPORT_BATCH_ROWS",
    "IMPORT_LIST_COLUMNS",
    "IMPORT_ROW_ATTEMPTS",
    "IMPORT_TRANSLATED_COLUMNS",
    "LANGUAGE_CODE_PATTERN",
    "NOT_UTF8",
    "UNTERMINATED_QUOTE",
    "ImportReport",
    "ImportRowError",
    "import_expert_row",
    "import_experts",
    "read_import_rows",
]
