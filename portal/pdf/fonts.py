"""The embedded Noto fonts: where they are, the static instances prepared from the variable fonts,
and which languages can be set with them (the fallback is logged once).
"""

from __future__ import annotations

import functools
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from portal.pdf.base_fonts import _WIN_ANSI_LANGUAGES

logger = logging.getLogger(__name__)

# --- Embedded fonts -------------------------------------------------------------------------------
_THAI = re.compile(r"[\u0e00-\u0e7f]")


@dataclass(frozen=True)
class Fonts:
    """Static instances (regular, bold) of Noto Sans and Noto Sans Thai."""

    latin: tuple[Path, Path]
    thai: tuple[Path, Path]


def _font_paths() -> tuple[Path, Path]:
    """Noto Sans and Noto Sans Thai (variable: weight and width axes) from their wheels."""
    import fontpkg_noto_sans
    import fontpkg_noto_sans_thai

    return (
        Path(fontpkg_noto_sans.ROOT) / "files" / "NotoSans[wdth,wght].ttf",
        Path(fontpkg_noto_sans_thai.ROOT) / "files" / "NotoSansThai[wdth,wght].ttf",
    )


@functools.cache
def embedded_fonts() -> Fonts | None:
    """The fonts and libraries for any language, or None (logged once) when one is missing."""
    fallback = "PDF reports fall back to the base fonts (English and Indonesian only): %s"
    try:
        import fpdf  # noqa: F401
        import uharfbuzz  # noqa: F401

        latin, thai = _font_paths()
    except ImportError as error:
        logger.warning(fallback, error)
        return None
    missing = [str(path) for path in (latin, thai) if not path.is_file()]
    if missing:
        logger.warning(fallback, f"no {', '.join(missing)}")
        return None
    try:
        return Fonts(
            latin=(_static_instance(latin, 400), _static_instance(latin, 700)),
            thai=(_static_instance(thai, 400), _static_instance(thai, 700)),
        )
    except Exception as error:  # noqa: BLE001 - any failure (a damaged font, an unwritable directory) falls back
        logger.warning(fallback, f"could not prepare the fonts: {error!r}")
        return None


# Latin with its supplements and Vietnamese (Latin Extended Additional), Thai, punctuation, currency,
# superscripts and letter-like symbols (µg/m³, CO₂, °C, –, •, €).
_UNICODES = [
    *range(0x20, 0x250),
    *range(0x300, 0x370),
    0x3BC,
    *range(0xE00, 0xE80),
    *range(0x1E00, 0x1F00),
    *range(0x2000, 0x2190),
    *range(0x2200, 0x2270),
]


def _static_instance(source: Path, weight: int) -> Path:
    """``source`` (a variable font) fixed at ``weight`` and normal width, made once and kept in
    the data directory: instancing takes seconds, and every report needs four of them."""
    from django.conf import settings
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    stat = source.stat()
    stem = re.sub(r"\W+", "", source.stem)
    target = Path(settings.DATA_DIR) / "fonts" / f"{stem}-{weight}-{stat.st_size}-{int(stat.st_mtime)}.ttf"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        font = instancer.instantiateVariableFont(TTFont(source), {"wght": weight, "wdth": 100})
        # Only the scripts the portal writes: a smaller font loads and subsets faster per report.
        subsetter = subset.Subsetter(
            subset.Options(layout_features=["*"], name_IDs=["*"], notdef_outline=True)
        )
        subsetter.populate(unicodes=_UNICODES)
        subsetter.subset(font)
        partial = target.with_suffix(f".{os.getpid()}.part")
        font.save(partial)
        partial.replace(target)  # whole or not at all, should two processes make it at once
    return target


def can_set(language: str) -> bool:
    """Whether a report in ``language`` comes out legible (its letters, not replacement marks)."""
    return language in _WIN_ANSI_LANGUAGES or embedded_fonts() is not None
