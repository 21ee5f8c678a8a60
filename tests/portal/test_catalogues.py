"""The vi, id and th catalogues are complete, and every interface string reaches them.

Two halves: (1) extract the strings as `make messages` does, into a copy of locale/, and fail on
any msgid the committed catalogue lacks, leaves untranslated or marks fuzzy; (2) scan templates
and Python for text a reader sees that is not marked for translation, which extraction cannot see.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ("vi", "id", "th")
APPS = ("portal", "knowledge", "experts")
# The same options as `make messages`.
IGNORED = (".venv", "var", "tests")


# --- a small .po reader (gettext's own format; polib is not a project dependency) -------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr)

    def __str__(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt else self.msgid


_UNESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _UNESCAPES.get(m.group(1), m.group(1)), text.strip()[1:-1])


def read_po(path: Path) -> list[Entry]:
    """Every entry but the header, obsolete (#~) ones included."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry = Entry()
        current: str | None = None
        for raw in block.splitlines():
            line = raw
            if line.startswith("#~"):
                entry.obsolete = True
                line = line[2:].strip()
            if line.startswith("#,"):
                entry.fuzzy = entry.fuzzy or "fuzzy" in line
                continue
            if not line or line.startswith("#"):
                continue
            match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
            if match:
                current, value = match.group(1), _unquote(match.group(2))
                if current.startswith("msgstr"):
                    entry.msgstr.append(value)
                elif current == "msgctxt":
                    entry.msgctxt = value
                else:
                    setattr(entry, current, value)
            elif line.startswith('"') and current:
                value = _unquote(line)
                if current.startswith("msgstr"):
                    entry.msgstr[-1] += value
                elif current == "msgctxt":
                    entry.msgctxt = (entry.msgctxt or "") + value
                else:
                    setattr(entry, current, getattr(entry, current) + value)
        if current and (entry.msgid or entry.msgctxt):
            entries.append(entry)
    return entries


def catalogue(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, list[Entry]]:
    """The committed catalogues merged with a fresh extraction, made in a copy of the project.

    makemessages writes next to the sources it reads and into every locale/ directory it finds,
    so it runs in a copy: the real catalogues and templates are never touched.
    """
    copy = tmp_path_factory.mktemp("messages") / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            *IGNORED, ".git", "node_modules", "static_collected", "*.mo", "__pycache__"
        ),
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        patch.setattr(settings, "LOCALE_PATHS", [copy / "locale"])
        call_command("makemessages", all=True, no_location=True, ignore_patterns=list(IGNORED), verbosity=0)
    return {
        language: read_po(copy / "locale" / language / "LC_MESSAGES" / "django.po") for language in LANGUAGES
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_string_is_in_the_committed_catalogue_and_translated(language, extracted):
    committed = {entry.key: entry for entry in read_po(catalogue(language)) if not entry.obsolete}
    current = [entry for entry in extracted[language] if not entry.obsolete]

    missing = [str(entry) for entry in current if entry.key not in committed]
    untranslated = [str(entry) for entry in current if entry.key in committed and not entry.translated]
    fuzzy = [str(entry) for entry in current if entry.fuzzy]
    assert not missing, f"{language}: run `make messages` and translate: {missing}"
    assert not untranslated, f"{language}: untranslated: {untranslated}"
    assert not fuzzy, f"{language}: fuzzy (check and clear the flag): {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_catalogue_holds_no_fuzzy_unused_or_obsolete_entries(language, extracted):
    entries = read_po(catalogue(language))
    used = {entry.key for entry in extracted[language] if not entry.obsolete}

    assert not [str(e) for e in entries if e.fuzzy], f"{language}: fuzzy entries"
    assert not [str(e) for e in entries if not e.translated and not e.obsolete], f"{language}: untranslated"
    assert not [str(e) for e in entries if e.obsolete], f"{language}: obsolete (#~) entries left"
    unused = [str(e) for e in entries if not e.obsolete and e.key not in used]
    assert not unused, f"{language}: msgids no longer in the code (run `make messages`): {unused}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_accepts_the_catalogue_with_matching_placeholders(language, tmp_path):
    result = subprocess.run(
        [
            "msgfmt",
            "--check-format",
            "--check-header",
            "-o",
            str(tmp_path / "django.mo"),
            str(catalogue(language)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr


def test_the_po_reader_sees_fuzzy_untranslated_and_obsolete_entries(tmp_path):
    # The checks above are only as good as this reader; a catalogue written out by hand proves it.
    path = tmp_path / "django.po"
    path.write_text(
        'msgid ""\nmsgstr "Language: vi\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "Hello %(name)s"\nmsgstr "Xin chào %(name)s"\n\n'
        'msgid ""\n"Two "\n"lines"\nmsgstr ""\n\n'
        'msgctxt "verb"\nmsgid "Save"\nmsgid_plural "Saves"\nmsgstr[0] "Lưu"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Đã bỏ"\n',
        encoding="utf-8",
    )

    entries = {str(entry): entry for entry in read_po(path)}

    assert entries["Hello %(name)s"].fuzzy
    assert not entries["Two lines"].translated
    assert entries["verb\x04Save"].translated and entries["verb\x04Save"].msgid_plural == "Saves"
    assert entries["Gone"].obsolete
    assert "" not in entries


# --- interface strings that are not marked for translation ---------------------------------------

# Words that stay as they are in every language: names, units, formats and codes.
ALLOWED_WORDS = {
    "PM2.5",
    "PM10",
    "RSS",
    "Atom",
    "UTC",
    "CSV",
    "XLSX",
    "JSON",
    "API",
    "ISO",
    "JPEG",
    "PNG",
    "WebP",
    "iCalendar",
    "ics",
    "Wagtail",
    "English",
    "Tiếng",
    "Việt",
    "Bahasa",
    "Indonesia",
}
# Attributes whose text a reader sees or hears (screen readers read aria-label and alt).
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "summary"}
WORD = re.compile(r"[^\W\d_][\w.'’-]*[\w]|[^\W\d_]")
# The marker that stands in for template tags and variables when the text around them is read:
# a character HTMLParser accepts inside a start tag, so `<fieldset{% if … %} …>` stays one tag.
TAG = "§"


def _unmarked_words(text: str) -> list[str]:
    words = [word for word in WORD.findall(text.replace(TAG, " ")) if word not in ALLOWED_WORDS]
    # One letter alone ("x", "a" in a list) is a symbol, not an interface word.
    return [word for word in words if len(word) > 1]


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if value and (name in VISIBLE_ATTRIBUTES or (name == "value" and ("type", "submit") in attrs)):
                self.found.extend(_unmarked_words(value))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data):
        if not self._hidden:
            self.found.extend(_unmarked_words(data))


def unmarked_template_text(source: str, *, html: bool) -> list[str]:
    """Words of a template a reader sees that are outside {% translate %} / {% blocktranslate %}."""
    pieces: list[str] = []
    skipping: str | None = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.split_contents()[0]
            if skipping:
                if name == skipping:
                    skipping = None
                pieces.append(TAG)
                continue
            ends = {
                "blocktranslate": "endblocktranslate",
                "blocktrans": "endblocktrans",
                "comment": "endcomment",
                "verbatim": "endverbatim",
            }
            skipping = ends.get(name)
            # `{% block body_class %}page-x{% endblock %}` fills an attribute of the base template.
            bits = token.split_contents()
            if name == "block" and len(bits) > 1 and bits[1].endswith("class"):
                skipping = "endblock"
            pieces.append(TAG)
        elif token.token_type == TokenType.TEXT and not skipping:
            pieces.append(token.contents)
        else:
            pieces.append(TAG)
    text = "".join(pieces)
    if not html:
        return _unmarked_words(text)
    parser = _VisibleText()
    parser.feed(text)
    parser.close()
    return parser.found


def templates() -> list[Path]:
    folders = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    return sorted(
        path for folder in folders for path in folder.rglob("*") if path.suffix in (".html", ".txt")
    )


def test_every_visible_template_word_is_marked_for_translation():
    findings = {
        str(path.relative_to(ROOT)): words
        for path in templates()
        if (words := unmarked_template_text(path.read_text(encoding="utf-8"), html=path.suffix == ".html"))
    }

    assert not findings, f"text outside {{% translate %}} / {{% blocktranslate %}}: {findings}"


def test_the_template_scan_finds_visible_words_and_leaves_marked_ones():
    source = (
        '{% load i18n %}<nav aria-label="Main"><a title="{% translate \'Home\' %}">Events</a>'
        "{% blocktranslate %}Read {{ count }} more{% endblocktranslate %} · {{ page.title }} PM2.5 "
        '<script>const label = "Loading";</script>{# Comment #}{% comment %}Notes{% endcomment %}'
        '<input type="submit" value="Apply"></nav>'
    )

    assert sorted(unmarked_template_text(source, html=True)) == ["Apply", "Events", "Main"]
    assert unmarked_template_text("Hello {{ name }},\n{% translate 'Thanks' %}", html=False) == ["Hello"]


# Python: calls whose string arguments reach a reader.
MESSAGE_FUNCTIONS = {"success", "error", "info", "warning", "debug", "add_message"}
EXCEPTION_NAMES = {"ValidationError", "PermissionDenied", "Http404", "BadSearchRequest", "UnknownSlugs"}
TEXT_KEYWORDS = {"label", "help_text", "empty_label", "verbose_name", "verbose_name_plural", "placeholder"}
# Dictionary keys: API error texts, and widget attributes a reader sees.
REASON_KEYS = {"reason", "reasons", "detail", "message", "placeholder", "aria-label"}


def _is_text(node: ast.AST) -> bool:
    """A literal (or f-string) with words in it: what a reader would read unless gettext wraps it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_unmarked_words(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_is_text(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _is_text(node.left)
    if isinstance(node, ast.List | ast.Tuple):
        return any(_is_text(element) for element in node.elts)
    return False


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


class _UnmarkedPython(ast.NodeVisitor):
    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []
        self._in_app_config = False

    def _flag(self, node: ast.AST) -> None:
        self.found.append((node.lineno, ast.unparse(node)[:80]))

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        receiver = _name(node.func.value) if isinstance(node.func, ast.Attribute) else ""
        if receiver == "messages" and name in MESSAGE_FUNCTIONS:
            self.found.extend((node.lineno, ast.unparse(arg)[:80]) for arg in node.args[1:] if _is_text(arg))
        # The views' own JSON error helpers (_json_error, _json_bad_request) and plain responses.
        if (name in EXCEPTION_NAMES or name.startswith("_json") or name == "HttpResponse") and any(
            _is_text(arg) for arg in node.args
        ):
            self._flag(node.args[0])
        for keyword in node.keywords:
            if keyword.arg in TEXT_KEYWORDS and _is_text(keyword.value):
                self._flag(keyword.value)
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in REASON_KEYS and _is_text(value):
                self._flag(value)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        # TextChoices members: `DRAFT = "draft", "Draft"`, whose label is what the reader sees.
        if any(_name(base).endswith("Choices") for base in node.bases):
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and isinstance(statement.value, ast.Tuple)
                    and len(statement.value.elts) == 2
                    and _is_text(statement.value.elts[1])
                ):
                    self._flag(statement.value.elts[1])
        # An AppConfig's `label` is the app's identifier (tables, permissions), never shown.
        outer, self._in_app_config = (
            self._in_app_config,
            any(_name(base) == "AppConfig" for base in node.bases),
        )
        self.generic_visit(node)
        self._in_app_config = outer

    def visit_Assign(self, node: ast.Assign) -> None:
        # Model and form Meta: verbose_name = "…" is what the admin and ModelForm labels show.
        names = {_name(target) for target in node.targets}
        if self._in_app_config:
            names.discard("label")
        if names & TEXT_KEYWORDS and _is_text(node.value):
            self._flag(node.value)
        self.generic_visit(node)


def _appends_reasons(tree: ast.AST) -> list[tuple[int, str]]:
    """`reasons.append(f"…")`: the error reasons the APIs answer with (import problems, written
    for the operator's console, are named `problems` and stay English)."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("append", "extend")
            and _name(node.func.value) == "reasons"
            and node.args
            and (
                _is_text(node.args[0])
                or (isinstance(node.args[0], ast.GeneratorExp) and _is_text(node.args[0].elt))
            )
        ):
            found.append((node.lineno, ast.unparse(node.args[0])[:80]))
    return found


def python_sources() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        # Migrations replay history; demo loaders write content, not interface; management
        # commands talk to the operator in English on the console.
        if not {"migrations", "management"} & set(path.parts)
        and not any(part.startswith("demo") for part in path.relative_to(ROOT).parts)
    )


def unmarked_python_text(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    visitor = _UnmarkedPython()
    visitor.visit(tree)
    return sorted(visitor.found + _appends_reasons(tree))


def test_every_python_string_shown_to_users_is_marked_for_translation():
    findings = {}
    for path in python_sources():
        found = unmarked_python_text(path.read_text(encoding="utf-8"))
        if found:
            findings[str(path.relative_to(ROOT))] = found

    assert not findings, f"wrap these in gettext / gettext_lazy: {findings}"


def test_the_python_scan_finds_unmarked_messages_errors_labels_and_reasons():
    source = """
from django.contrib import messages
from django.utils.translation import gettext as _
messages.success(request, "Saved.")
messages.success(request, _("Saved."))
raise ValidationError("Too big.")
raise ValidationError(_("Too big."))
name = forms.CharField(label="Name", help_text=_("Your name"))
reasons.append(f"unknown city {slug!r}")
reasons.append(_("unknown city %(slug)s") % {"slug": slug})
JsonResponse({"error": "bad request", "detail": "try again"})
_json_error(400, [f"lang must be one of {codes}"])
HttpResponse("unknown city", status=400)
class Meta:
    verbose_name = "city"
class Level(models.TextChoices):
    EASY = "easy", "Easy"
    HARD = "hard", _("Hard")
class EventsConfig(AppConfig):
    label = "knowledge_events"
    verbose_name = "Events"
"""

    assert [line for line, _text in unmarked_python_text(source)] == [4, 6, 8, 9, 11, 12, 13, 15, 17, 21]
