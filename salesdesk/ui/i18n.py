"""The interface language: Qt Linguist catalogs per area, Qt's own translations, a pseudo-locale.

Source strings are English (``self.tr``, ``QCoreApplication.translate`` and
``QT_TRANSLATE_NOOP`` markers). Translations live in ``resources/translations``
as one catalog per area, ``<catalog>_<language>.ts`` (committed), compiled to
``.qm`` files (built, not committed) by ``./dev`` and the desktop build:

- ``core``: ``salesdesk/ui/*.py`` and ``salesdesk/ui/widgets/`` (the main
  window, the names in ``labels.py``, shared pieces);
- one catalog per area package under ``salesdesk/ui/`` (``customers``,
  ``today``…), named after the package and found automatically,

so several people can translate at the same time without touching one file.
``./dev i18n [catalog…]`` (``python -m salesdesk.ui.i18n update``) refreshes
catalogs from the code, keeping existing translations and dropping obsolete
ones; ``check`` lists what is still untranslated.

At start-up ``install`` loads every catalog of the chosen language plus Qt's
own ``qtbase`` translations (standard buttons such as Save and Cancel). The
language is, first found: ``$SALESDESK_LANGUAGE``, the LANGUAGE setting, the
system locale (Chinese → Simplified Chinese, anything else → English).

``pseudo`` is a language for layout checks (Vorta's pseudo-translation): every
SalesDesk string is stretched by about 40% with accented letters inside
brackets, so clipped or overflowing text shows at once —
``SALESDESK_LANGUAGE=pseudo ./dev demo``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

ENGLISH = "en"
CHINESE = "zh_CN"
PSEUDO = "pseudo"
SOURCE_LANGUAGE = ENGLISH
TRANSLATED_LANGUAGES = (CHINESE,)  # languages with catalogs (English is the source text)
LANGUAGE_NAMES: dict[str, str] = {CHINESE: "简体中文", ENGLISH: "English"}  # in their own language
LANGUAGE_ENV = "SALESDESK_LANGUAGE"

CORE = "core"
log = logging.getLogger(__name__)

if TYPE_CHECKING:  # the catalog tools' modules are imported where they are used, not at start
    import xml.etree.ElementTree as ET


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark ``text`` for translation in ``context``; translated where it is shown."""
    return text


SHARED_PACKAGES = frozenset({"widgets"})  # sub-packages of salesdesk/ui in the core catalog

# ---- choosing and installing the language ------------------------------------------------------


def normalize(value: str) -> str:
    """A language code SalesDesk knows ('zh_CN', 'en', 'pseudo'), or '' for "not chosen"."""
    text = value.strip().replace("-", "_").lower()
    if not text:
        return ""
    if text == PSEUDO:
        return PSEUDO
    if text.startswith("zh"):
        return CHINESE
    if text.startswith("en"):
        return ENGLISH
    return ""


def system_language(locale: QLocale | None = None) -> str:
    """Simplified Chinese on any Chinese system locale, else English."""
    locale = locale if locale is not None else QLocale.system()
    return CHINESE if locale.language() == QLocale.Language.Chinese else ENGLISH


def choose_language(
    setting: str = "",
    locale: QLocale | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The language to show: $SALESDESK_LANGUAGE, then the setting, then the system's."""
    environ = os.environ if environ is None else environ
    for value in (environ.get(LANGUAGE_ENV, ""), setting):
        if normalize(value):
            return normalize(value)
    return system_language(locale)


def translations_dir() -> Path:
    """resources/translations: the committed .ts catalogs and the built .qm files."""
    return Path(str(resources.files("resources") / "translations"))


@dataclasses.dataclass(frozen=True)
class Installed:
    """What ``install`` loaded."""

    language: str
    catalogs: tuple[str, ...] = ()
    qt_translations: bool = False


@dataclasses.dataclass
class _State:
    translators: list[QTranslator]
    installed: Installed


_state = _State([], Installed(ENGLISH))


def installed() -> Installed:
    """The language in use and what was loaded for it."""
    return _state.installed


def install(app: QCoreApplication, language: str) -> Installed:
    """Replace the installed translators by those of ``language`` (before windows are built:
    widgets translate their texts once, when they are made)."""
    for translator in _state.translators:
        app.removeTranslator(translator)
        translator.deleteLater()
    _state.translators.clear()
    catalogs: list[str] = []
    qt_translations = False
    if language == PSEUDO:
        _add(app, PseudoTranslator(app))
    elif language != SOURCE_LANGUAGE:
        suffix = f"_{language}.qm"
        for path in sorted(translations_dir().glob(f"*{suffix}")):
            translator = QTranslator(app)
            if translator.load(str(path)):
                _add(app, translator)
                catalogs.append(path.name.removesuffix(suffix))
        if not catalogs:
            log.warning(
                "no compiled translations for %s in %s (build them: ./dev setup, or "
                "python -m salesdesk.ui.i18n build)",
                language,
                translations_dir(),
            )
        qt = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{language}", qt_dir):
            _add(app, qt)
            qt_translations = True
    _set_locale(language)
    _state.installed = Installed(language, tuple(catalogs), qt_translations)
    return _state.installed


def _add(app: QCoreApplication, translator: QTranslator) -> None:
    app.installTranslator(translator)
    _state.translators.append(translator)


def _set_locale(language: str) -> None:
    """Dates and numbers follow the system, unless the chosen language is another one."""
    system = QLocale.system()
    if language in (PSEUDO, system_language(system)):
        QLocale.setDefault(system)
    elif language == CHINESE:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


# ---- the pseudo-locale ---------------------------------------------------------------------------

_ACCENTED = str.maketrans(
    "AaCcDdEeGgHhIiKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåÇçÐðÉéĜĝĤĥÎîĶķĻļÑñÖöŘřŠšŢţÛûŴŵÝýŽž",
)
# Kept as they are: Qt's placeholders (%1, %L2, %n), rich-text tags and entities.
_KEEP = re.compile(r"%L?\d+|%n|<[^>]*>|&[a-zA-Z]+;|&#\d+;")
STRETCH = 0.4
# Qt's own strings are left alone (key names must still parse), except standard buttons.
_QT_CONTEXT = re.compile(r"^Q[A-Z]")
_STRETCHED_QT_CONTEXTS = frozenset({"QPlatformTheme", "QDialogButtonBox", "QMessageBox"})


def pseudo(text: str) -> str:
    """``text`` about 40% longer, accented, in brackets: "Save" → "[Šåvé~~]"."""
    if not text.strip():
        return text
    return "\n".join(_pseudo_line(line) for line in text.split("\n"))


def _pseudo_line(line: str) -> str:
    if not line:
        return line
    parts: list[str] = []
    position = 0
    for kept in _KEEP.finditer(line):
        parts.append(line[position : kept.start()].translate(_ACCENTED))
        parts.append(kept.group())
        position = kept.end()
    parts.append(line[position:].translate(_ACCENTED))
    visible = len(_KEEP.sub("", line))
    padding = max(1, round(visible * STRETCH) - 2)
    return "[" + "".join(parts) + "~" * padding + "]"


class PseudoTranslator(QTranslator):
    """Every SalesDesk string stretched (see ``pseudo``); a generated translator, no catalog."""

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        if not source_text or (
            _QT_CONTEXT.match(context or "") and context not in _STRETCHED_QT_CONTEXTS
        ):
            return None  # no translation (a null string; "" would be an empty translation)
        return pseudo(source_text)

    def isEmpty(self) -> bool:
        return False


# ---- catalogs: which code they cover, updating them, checking them, building .qm ----------------

UI_DIR = Path(__file__).resolve().parent


def catalog_sources(ui_dir: Path = UI_DIR) -> dict[str, list[Path]]:
    """Catalog name → the source files lupdate reads for it.

    ``core`` is every module directly in salesdesk/ui plus the shared packages
    (widgets); every other package under salesdesk/ui is an area with its own
    catalog, so a new area package gets one without changing this code.
    """
    catalogs = {CORE: sorted(ui_dir.glob("*.py"))}
    for package in sorted(p for p in ui_dir.iterdir() if (p / "__init__.py").is_file()):
        files = sorted(package.rglob("*.py"))
        if package.name in SHARED_PACKAGES:
            catalogs[CORE] += files
        else:
            catalogs[package.name] = files
    return catalogs


def ts_path(catalog: str, language: str = CHINESE, folder: Path | None = None) -> Path:
    return (folder or translations_dir()) / f"{catalog}_{language}.ts"


def qt_tool(name: str) -> str:
    """Path of a Qt tool shipped with PySide6 (lupdate, lrelease)."""
    import shutil

    import PySide6

    exe = ".exe" if sys.platform == "win32" else ""
    bundled = Path(PySide6.__file__).parent / f"{name}{exe}"
    if bundled.is_file():
        return str(bundled)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise FileNotFoundError(f"{name} from PySide6 was not found; run ./dev setup")
    return found


def run_lupdate(sources: Sequence[Path], ts: Path, language: str) -> None:
    """Merge the strings found in ``sources`` into ``ts`` (created if missing): translations
    of unchanged strings are kept, strings no longer in the code are dropped."""
    import subprocess

    subprocess.run(
        [
            qt_tool("lupdate"),
            "-silent",
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            SOURCE_LANGUAGE,
            "-target-language",
            language,
            *(str(s) for s in sources),
            "-ts",
            str(ts),
        ],
        check=True,
    )
    _drop_helper_noise(ts)


_CONTEXT_BLOCK = re.compile(r"<context>\s*<name>(.*?)</name>.*?</context>\n?", re.DOTALL)
_SOURCE = re.compile(r"<source>(.*?)</source>", re.DOTALL)


def _drop_helper_noise(ts: Path) -> None:
    """Drop what lupdate takes from helpers like ``labels._tr(context, text)``: a bare
    ``tr("Fields", label)`` reads to lupdate as the string "Fields" with no context."""
    text = ts.read_text(encoding="utf-8")
    contexts = {m.group(1) for m in _CONTEXT_BLOCK.finditer(text)}

    def keep(block: re.Match[str]) -> str:
        if block.group(1):
            return block.group(0)
        sources = set(_SOURCE.findall(block.group(0)))
        return "" if sources <= contexts else block.group(0)

    cleaned = _CONTEXT_BLOCK.sub(keep, text)
    if cleaned != text:
        ts.write_text(cleaned, encoding="utf-8")


@dataclasses.dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    finished: bool


def read_catalog(ts: Path) -> list[Message]:
    import xml.etree.ElementTree as ET

    messages = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            element = message.find("translation")
            forms = [] if element is None else list(element.iter("numerusform"))
            texts = [f.text or "" for f in forms] if forms else [_text(element)]
            kind = "" if element is None else element.get("type", "")
            messages.append(
                Message(
                    context=name,
                    source=message.findtext("source") or "",
                    translation=texts[0],
                    finished=kind == "" and all(t.strip() for t in texts),
                )
            )
    return messages


def _text(element: ET.Element | None) -> str:
    return "" if element is None else (element.text or "")


_PLACEHOLDER = re.compile(r"%L?\d+|%n")


def problems(catalog: str, sources: Sequence[Path], language: str = CHINESE) -> list[str]:
    """What is untranslated (or wrongly translated) in ``catalog`` for the current code.

    The committed catalog is merged with the code's strings in a scratch copy,
    so strings added to the code but not yet in the .ts count as untranslated.
    """
    import shutil
    import tempfile

    committed = ts_path(catalog, language)
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / committed.name
        if committed.exists():
            shutil.copyfile(committed, copy)
        run_lupdate(sources, copy, language)
        messages = read_catalog(copy)
    found = []
    for m in messages:
        where = f"[{m.context or 'no context'}] {m.source!r}"
        if not m.context:
            found.append(
                f"{where}: tr() outside a class has no context Qt would look up; "
                "use QCoreApplication.translate('Context', '…') there"
            )
        elif not m.finished:
            found.append(f"{where}: not translated")
        elif sorted(_PLACEHOLDER.findall(m.source)) != sorted(_PLACEHOLDER.findall(m.translation)):
            found.append(f"{where}: the translation {m.translation!r} changes the placeholders")
    if not committed.exists() and messages:
        found.insert(0, f"{committed.name} does not exist yet")
    return found


def update(catalogs: Iterable[str] = (), language: str = CHINESE) -> dict[str, list[str]]:
    """Refresh the named catalogs (all when none are named); returns each one's problems."""
    sources = catalog_sources()
    names = list(catalogs) or list(sources)
    unknown = [n for n in names if n not in sources]
    if unknown:
        raise SystemExit(f"unknown catalog {', '.join(unknown)}; known: {', '.join(sources)}")
    result = {}
    for name in names:
        ts = ts_path(name, language)
        run_lupdate(sources[name], ts, language)
        result[name] = problems(name, sources[name], language)
    return result


def build(force: bool = False, folder: Path | None = None) -> list[Path]:
    """Compile each .ts newer than its .qm (or every one, with ``force``); returns the .qm."""
    import subprocess

    built = []
    for ts in sorted((folder or translations_dir()).glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if force or not qm.exists() or ts.stat().st_mtime > qm.stat().st_mtime:
            subprocess.run([qt_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m salesdesk.ui.i18n update|check|build`` (``./dev i18n`` runs update)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m salesdesk.ui.i18n")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("update", "refresh catalogs from the code (all when none are named)"),
        ("check", "list untranslated strings (all catalogs when none are named)"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("catalogs", nargs="*", metavar="catalog")
    build_command = commands.add_parser("build", help="compile .ts files newer than their .qm")
    build_command.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "build":
        build(force=args.force)
        return 0
    if args.command == "update":
        result = update(args.catalogs)
    else:
        sources = catalog_sources()
        result = {name: problems(name, sources[name]) for name in (args.catalogs or list(sources))}
    for name, found in result.items():
        path = os.path.relpath(ts_path(name))
        print(f"{name}: {path}: " + (f"{len(found)} to do" if found else "complete"))
        for problem in found:
            print(f"  {problem}")
    if any(result.values()):
        print("Translate them with pyside6-linguist (or edit the .ts), then run ./dev i18n again.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
