"""Equivalent terms across English, Vietnamese, Bahasa Indonesia and Thai, for every engine.

Why: a city officer in Hanoi searches "kiểm kê phát thải" and should find the Kitakyushu case
study written in English as "emissions inventory". The engines expand a query that contains any
term of a group so that the other terms of the group match too (the embedded engine through
:meth:`Glossary.find_matches`, Meilisearch through :meth:`Glossary.synonyms`).

The groups are data: ``portal/search/data/glossary.json`` holds them, the four languages side by
side, and :func:`load_groups` reads them through the portal's one reader of data files
(:mod:`portal.content_data`), with the group rules below as the items' schema. Editors add groups in the admin
(:class:`portal.search.models.SearchSynonym`); :mod:`portal.search.synonyms` joins the published
ones to the file's into the :class:`Glossary` the portal's engine uses. The module-level
functions (:func:`find_matches`, :func:`synonyms`, :data:`GLOSSARY`) are the file's glossary
alone, as before.

Terms are written as readers write them; matching uses :func:`portal.search.text.tokenize`, so
case, tone marks and hyphens do not matter ("bike-sharing" is "bike sharing").

The same groups are the portal's terminology: the first term of each language (or the group's
``preferred`` one) is the word the interface catalogues (locale/) and the demo content use, so a
reader meets one name for one thing. :data:`CONTROLLED_TERMS` lists the groups whose use is
checked (tests/portal/search/test_glossary.py); they are marked ``"controlled": true`` in the file.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal.content_data import ContentDataError, DataFile, Spec
from portal.search.text import tokenize

__all__ = [
    "CONTROLLED_TERMS",
    "DATA_FILE",
    "DATA_FILES",
    "FILE_GLOSSARY",
    "GLOSSARY",
    "LANGUAGES",
    "Glossary",
    "GlossaryError",
    "GlossaryMatch",
    "TermGroup",
    "canonical_words",
    "find_matches",
    "glossary_group",
    "load_groups",
    "synonyms",
]

DATA_FILE = Path(__file__).resolve().parent / "data" / "glossary.json"
LANGUAGES = ("en", "vi", "id", "th")
"""The languages a group may hold terms in (the site's languages; ``id`` is Bahasa Indonesia)."""


class GlossaryError(ValueError):
    """The glossary data is malformed: the message says which group and what."""


@dataclass(frozen=True, eq=False)
class TermGroup:
    """Terms that mean the same thing; ``key`` is the taxonomy slug where one exists.

    Compared and hashed by identity: each group is declared once (in the data file, or by one
    editor's synonym).
    """

    key: str
    terms: dict[str, tuple[str, ...]]
    # The term to write when it differs from the first search term of a language.
    preferred: dict[str, str] | None = None

    def preferred_term(self, language: str) -> str:
        """The word the catalogues and content use for this thing in ``language``."""
        return (self.preferred or {}).get(language) or self.terms[language][0]

    def all_terms(self) -> tuple[str, ...]:
        """Every term of the group, English first."""
        return tuple(
            term for language in sorted(self.terms, key=_language_order) for term in self.terms[language]
        )


def _language_order(language: str) -> tuple[int, str]:
    return (0 if language == "en" else 1, language)


def canonical_words(term: str) -> tuple[str, ...]:
    """``term`` as the words a query is compared in (lower-cased, folded, Thai segmented)."""
    return tuple(token.text for token in tokenize(term))


def _group_from_data(entry: Mapping[str, Any], position: int) -> TermGroup:
    """One group of the data file, checked for shape (not for overlaps: see ``Glossary.problems``)."""
    if not isinstance(entry, Mapping):
        raise GlossaryError(f"group {position}: expected an object")
    key = entry.get("key")
    if not isinstance(key, str) or not key:
        raise GlossaryError(f"group {position}: needs a non-empty 'key'")
    unknown = set(entry) - {"key", "controlled", "preferred", *LANGUAGES}
    if unknown:
        raise GlossaryError(f"group {key}: unknown fields {sorted(unknown)} (languages are {LANGUAGES})")
    terms: dict[str, tuple[str, ...]] = {}
    for language in LANGUAGES:
        values = entry.get(language, [])
        if not isinstance(values, list) or not all(
            isinstance(value, str) and value.strip() for value in values
        ):
            raise GlossaryError(f"group {key}: '{language}' must be a list of non-empty strings")
        if values:
            terms[language] = tuple(value.strip() for value in values)
    if "en" not in terms:
        raise GlossaryError(f"group {key}: needs at least one English term")
    preferred = entry.get("preferred")
    if preferred is not None and (
        not isinstance(preferred, Mapping)
        or not set(preferred) <= set(terms)
        or not all(isinstance(value, str) and value for value in preferred.values())
    ):
        raise GlossaryError(f"group {key}: 'preferred' must map languages of the group to terms")
    if not isinstance(entry.get("controlled", False), bool):
        raise GlossaryError(f"group {key}: 'controlled' must be true or false")
    return TermGroup(key, terms, dict(preferred) if preferred else None)


class _GroupSpec(Spec):
    """A group of the data file, as the content-data reader checks an item."""

    def problems(self, value: Any, path: str) -> list[str]:
        try:
            _group_from_data(value, 0)
        except GlossaryError as error:
            return [str(error)]
        return []


def _data_file(path: Path) -> DataFile:
    return DataFile(path, _GroupSpec(), list_key="groups")


DATA_FILES = (_data_file(DATA_FILE),)


def load_groups(path: Path = DATA_FILE) -> tuple[tuple[TermGroup, ...], tuple[str, ...]]:
    """The groups of the data file at ``path``, and the keys of its controlled ones.

    GlossaryError when the file is malformed (a missing language list, a duplicated key…), with
    every problem as ``file: item N: reason``, so a broken file stops the start-up rather than
    silently searching without synonyms.
    """
    try:
        entries = _data_file(path).items()
    except ContentDataError as error:
        raise GlossaryError(str(error)) from error
    groups = tuple(_group_from_data(entry, position) for position, entry in enumerate(entries))
    keys = [group.key for group in groups]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    if duplicated:
        raise GlossaryError(f"{path}: keys used by more than one group: {duplicated}")
    controlled = tuple(entry["key"] for entry in entries if entry.get("controlled"))
    return groups, controlled


@dataclass(frozen=True)
class GlossaryMatch:
    """Query words ``start``..``end`` (exclusive) spell a term of ``groups`` (almost always one).

    ``alternatives`` holds the other terms of the groups as canonical words, each with the
    language it is written in, so an engine can look for them instead.
    """

    start: int
    end: int
    groups: tuple[TermGroup, ...]
    alternatives: tuple[tuple[str, tuple[str, ...]], ...]


class Glossary:
    """A set of term groups, with the lookup the engines need, built on first use.

    ``fingerprint`` changes whenever any term changes, so what an engine derived from one
    glossary (query plans, facet counts) can be kept under it and is never reused for another.
    Immutable once made; safe to share between threads.
    """

    def __init__(self, groups: Iterable[TermGroup]) -> None:
        self.groups: tuple[TermGroup, ...] = tuple(groups)
        described = [
            (group.key, sorted((k, list(v)) for k, v in group.terms.items())) for group in self.groups
        ]
        self.fingerprint = hashlib.sha1(
            json.dumps(described, ensure_ascii=False).encode(), usedforsecurity=False
        ).hexdigest()[:16]
        self._lock = threading.Lock()
        self._index: dict[tuple[str, ...], tuple[TermGroup, ...]] | None = None
        self._longest = 0
        self._alternatives: dict[int, tuple[tuple[str, tuple[str, ...]], ...]] = {}

    def __repr__(self) -> str:
        return f"<Glossary {len(self.groups)} groups {self.fingerprint}>"

    def group(self, key: str) -> TermGroup:
        """The group declared under ``key`` (StopIteration if none is)."""
        return next(group for group in self.groups if group.key == key)

    def index(self) -> dict[tuple[str, ...], tuple[TermGroup, ...]]:
        """Canonical words of every term → the groups that hold it (built once; segments Thai)."""
        index = self._index
        if index is not None:
            return index
        with self._lock:
            if self._index is None:
                built: dict[tuple[str, ...], tuple[TermGroup, ...]] = {}
                for group in self.groups:
                    for term in group.all_terms():
                        words = canonical_words(term)
                        if words and group not in built.get(words, ()):
                            built[words] = (*built.get(words, ()), group)
                self._longest = max((len(key) for key in built), default=0)
                self._index = built
            return self._index

    def alternatives(self, group: TermGroup) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each distinct term of ``group`` as canonical words, with its language, English first."""
        found = self._alternatives.get(id(group))
        if found is not None:
            return found
        seen: set[tuple[str, ...]] = set()
        result: list[tuple[str, tuple[str, ...]]] = []
        for language in sorted(group.terms, key=_language_order):
            for term in group.terms[language]:
                words = canonical_words(term)
                if words and words not in seen:
                    seen.add(words)
                    result.append((language, words))
        found = tuple(result)
        self._alternatives[id(group)] = found  # groups live as long as the glossary holding them
        return found

    def find_matches(self, words: Sequence[str]) -> list[GlossaryMatch]:
        """Terms spelled by ``words`` (canonical query words), longest first, no overlaps.

        Scans left to right and takes the longest term starting at each word, so "air quality
        monitoring" is one match, not "air quality" plus a stray word.
        """
        index = self.index()
        longest = self._longest
        matches: list[GlossaryMatch] = []
        position = 0
        while position < len(words):
            for length in range(min(longest, len(words) - position), 0, -1):
                key = tuple(words[position : position + length])
                groups = index.get(key)
                if groups:
                    alternatives = tuple(
                        dict.fromkeys(
                            alt for group in groups for alt in self.alternatives(group) if alt[1] != key
                        )
                    )
                    matches.append(GlossaryMatch(position, position + length, groups, alternatives))
                    position += length
                    break
            else:
                position += 1
        return matches

    def synonyms(self) -> dict[str, list[str]]:
        """Each term → every other term of its group, as written (Meilisearch's ``synonyms``).

        Multi-way synonyms, the form Meilisearch documents: every term is a key listing the
        others. A term in two groups lists the terms of both.
        """
        result: dict[str, list[str]] = {}
        for group in self.groups:
            terms = group.all_terms()
            for term in terms:
                listed = result.setdefault(term.lower(), [])
                listed.extend(other for other in terms if other != term and other not in listed)
        return result

    def with_additions(self, additions: Sequence[TermGroup]) -> Glossary:
        """This glossary with ``additions`` (editors' groups) joined to it.

        An addition that shares a term with a group already here extends that group (the first
        one, in order), so an editor who adds "ฝุ่นพิษ" beside "PM2.5" makes it a synonym of every
        term for PM2.5, not of that one word only. Others become groups of their own.
        """
        if not additions:
            return self
        groups = list(self.groups)
        owner: dict[tuple[str, ...], int] = {}
        for position, group in enumerate(groups):
            for term in group.all_terms():
                owner.setdefault(canonical_words(term), position)
        for addition in additions:
            words = [canonical_words(term) for term in addition.all_terms()]
            shared = [owner[key] for key in words if key in owner]
            if not shared:
                groups.append(addition)
                position = len(groups) - 1
            else:
                position = min(shared)
                base = groups[position]
                terms = {language: list(values) for language, values in base.terms.items()}
                for language, values in addition.terms.items():
                    listed = terms.setdefault(language, [])
                    listed.extend(value for value in values if value not in listed)
                groups[position] = TermGroup(
                    base.key, {language: tuple(values) for language, values in terms.items()}, base.preferred
                )
            for key in words:
                owner.setdefault(key, position)
        return Glossary(groups)

    def problems(self) -> list[str]:
        """What is wrong with the groups as search data (empty when nothing is).

        A group needs two distinct terms (one would have nothing to match instead), every term
        must leave words once canonical, and no term may belong to two groups: matching would
        then join two things the groups keep apart.
        """
        found: list[str] = []
        seen: dict[tuple[str, ...], str] = {}
        for group in self.groups:
            distinct: set[tuple[str, ...]] = set()
            for language, terms in group.terms.items():
                if language not in LANGUAGES:
                    found.append(f"{group.key}: unknown language {language!r}")
                for term in terms:
                    words = canonical_words(term)
                    if not words:
                        found.append(f"{group.key}: {term!r} has no words to match")
                        continue
                    if words in distinct:
                        found.append(f"{group.key}: {term!r} is listed twice")
                        continue
                    distinct.add(words)
                    other = seen.setdefault(words, group.key)
                    if other != group.key:
                        found.append(f"{group.key}: {term!r} is also a term of {other}")
            if len(distinct) < 2:
                found.append(f"{group.key}: needs at least two different terms")
        return found


GLOSSARY, CONTROLLED_TERMS = load_groups()
"""The data file's groups, and the keys of the ones whose preferred terms the content must use."""

FILE_GLOSSARY = Glossary(GLOSSARY)
"""The data file's glossary alone: what an engine uses unless given the editors' additions."""


def glossary_group(key: str) -> TermGroup:
    """The data file's group declared under ``key``."""
    return FILE_GLOSSARY.group(key)


def find_matches(words: Sequence[str]) -> list[GlossaryMatch]:
    """The data file's terms spelled by ``words``; see :meth:`Glossary.find_matches`."""
    return FILE_GLOSSARY.find_matches(words)


def synonyms() -> dict[str, list[str]]:
    """The data file's terms as Meilisearch ``synonyms``; see :meth:`Glossary.synonyms`."""
    return FILE_GLOSSARY.synonyms()
