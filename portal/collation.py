"""Sorting names as readers of each language expect, without ICU (PyICU is not installed here).

A sort key per language, good for the short names the portal sorts (countries, cities):

- Latin-script languages (en, id): letters first, accents only to break ties ("Đà Nẵng" files
  under D, "Éclair" beside "Eclair"), case ignored.
- Vietnamese: its alphabet order, where ă and â follow a, đ follows d, ê follows e, ô and ơ
  follow o, ư follows u; the five tone marks only break ties (ngang, huyền, hỏi, ngã, sắc, nặng,
  the order of Vietnamese dictionaries).
- Thai: dictionaries file a word under its first consonant, so a leading vowel (เ แ โ ใ ไ),
  written before the consonant it is said after, is sorted after that consonant ("เวียดนาม"
  under ว); tone marks and other signs only break ties. Thai consonants and vowels are encoded
  in dictionary order, so the rest is code point order.

Unicode-normalised (NFD) and case-folded throughout, so composed and decomposed spellings of the
same name sort together.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

# Vietnamese tone marks (combining), in dictionary order: huyền, hỏi, ngã, sắc, nặng.
_VIETNAMESE_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Letters that are letters of their own in the Vietnamese alphabet: base letter + mark → rank after it.
_VIETNAMESE_LETTERS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve (ă), circumflex (â ê ô), horn (ơ ư)

_THAI_LEADING_VOWELS = frozenset("เแโใไ")
# Tone marks, mai taikhu, thanthakhat, nikhahit, yamakkan: no weight at the first level.
_THAI_SECONDARY = frozenset("\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")


def _latin_key(text: str) -> tuple:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return (base, decomposed)


def _vietnamese_key(text: str) -> tuple:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    letters: list[tuple[str, int]] = []
    tones: list[int] = []
    for char in decomposed:
        if char in _VIETNAMESE_LETTERS and letters:
            base, _rank = letters[-1]
            letters[-1] = (base, _VIETNAMESE_LETTERS[char])
        elif char in _VIETNAMESE_TONES:
            tones.append(_VIETNAMESE_TONES[char])
        elif unicodedata.combining(char):
            continue
        elif char == "đ":
            letters.append(("d", 4))  # after d (and any d-variant): its own letter
        else:
            letters.append((char, 0))
        if not unicodedata.combining(char):
            tones.append(0)
    return (tuple(letters), tuple(tones))


def _thai_key(text: str) -> tuple:
    chars = list(unicodedata.normalize("NFC", text.casefold()))
    primary: list[str] = []
    secondary: list[str] = []
    index = 0
    while index < len(chars):
        char = chars[index]
        if char in _THAI_LEADING_VOWELS and index + 1 < len(chars):
            # เ + ว → ว + เ: the consonant decides where the word is filed.
            primary.extend([chars[index + 1], char])
            index += 2
            continue
        if char in _THAI_SECONDARY:
            secondary.append(char)
        else:
            primary.append(char)
        index += 1
    return ("".join(primary), "".join(secondary))


_KEYS: dict[str, Callable[[str], tuple]] = {"vi": _vietnamese_key, "th": _thai_key}


def sort_key(text: str, language: str) -> tuple:
    """A key that sorts `text` among others as readers of `language` expect."""
    return _KEYS.get(language, _latin_key)(text)


def sorted_by_name(items: Iterable[T], *, name: Callable[[T], str], language: str) -> list[T]:
    return sorted(items, key=lambda item: sort_key(name(item), language))
