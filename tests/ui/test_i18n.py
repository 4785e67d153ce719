"""The interface language: complete catalogs, the language choice, no English left in Chinese.

The helpers here (a profile of Chinese sample data, opening every area, walking
every visible text) are shared with the pseudo-locale and screenshot tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractListModel, QCoreApplication, QEvent, QLocale, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from salesdesk import api
from salesdesk.store.store import Store
from salesdesk.ui import i18n, settings
from salesdesk.ui.app import build_window, make_application
from salesdesk.ui.areas import AREAS
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.settings import Settings

SAMPLE_CUSTOMERS = 300


# ---- shared helpers (also used by test_pseudo_locale.py and test_screenshots.py) ---------------


@pytest.fixture(scope="session")
def built_catalogs() -> list[Path]:
    """The .qm files, compiled from the committed .ts where they are missing or older."""
    return i18n.build()


def sample_store(folder: Path, customers: int = SAMPLE_CUSTOMERS) -> Store:
    """A profile with realistic Chinese sample data: customers, contacts, deals, visits…"""
    store = Store.open(folder)
    api.demo_data(store, customers)
    return store


@contextmanager
def language(name: str) -> Iterator[i18n.Installed]:
    """Show the interface in ``name`` (windows built inside), English again afterwards."""
    app = make_application()
    try:
        yield i18n.install(app, name)
    finally:
        i18n.install(app, i18n.ENGLISH)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Let queued results arrive and background work finish."""
    qtbot.wait(20)
    qtbot.waitUntil(lambda: not window.context.runner.busy, timeout=10_000)
    qtbot.wait(20)


@contextmanager
def open_window(qtbot: QtBot, store: Store, width: int, height: int) -> Iterator[MainWindow]:
    window = build_window(store)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    try:
        yield window
    finally:  # gone before the next test: no timer of a page may fire into it
        window.close()
        window.context.runner.shutdown()
        window.context.bus.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def select_first_rows(qtbot: QtBot, window: MainWindow, page: QWidget) -> None:
    """Select the first row of each list on the page, as a user would, so detail panes fill."""
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if (
            view.isVisible()
            and model is not None
            and not isinstance(view, QHeaderView)
            and model.rowCount() > 0
            and not view.selectionModel().hasSelection()
        ):
            view.setCurrentIndex(model.index(0, 0))
    settle(qtbot, window)


def show_area(qtbot: QtBot, window: MainWindow, key: str) -> QWidget:
    window.show_area(key)
    settle(qtbot, window)
    page = window.pages[key]
    select_first_rows(qtbot, window, page)
    return page


def each_tab(qtbot: QtBot, window: MainWindow, page: QWidget) -> Iterator[str]:
    """Show every tab of every tab widget on the page in turn (yields where we are)."""
    yield ""
    for tabs in page.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            settle(qtbot, window)
            yield f"tab {tabs.tabText(index)!r}"
        tabs.setCurrentIndex(0)


def describe(widget: QWidget) -> str:
    names: list[str] = []
    current: QWidget | None = widget
    while current is not None and len(names) < 4:
        names.append(current.objectName() or type(current).__name__)
        current = current.parentWidget()
    return "/".join(reversed(names))


def widget_texts(widget: QWidget) -> Iterator[str]:
    """The texts a user can read on ``widget`` (not what they typed into it)."""
    if isinstance(widget, QLabel):
        yield _plain(widget.text())
    elif isinstance(widget, QAbstractButton):
        yield widget.text()
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        yield widget.placeholderText()
    elif isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
        line = widget.lineEdit()
        if line is not None:
            yield line.placeholderText()
    elif isinstance(widget, QAbstractSpinBox):
        yield widget.specialValueText()
    elif isinstance(widget, QTabBar):
        for index in range(widget.count()):
            yield widget.tabText(index)
            yield widget.tabToolTip(index)
    elif isinstance(widget, QHeaderView):
        model = widget.model()
        if model is not None:
            for section in range(widget.count()):
                if not widget.isSectionHidden(section):
                    yield str(model.headerData(section, widget.orientation()) or "")
    elif isinstance(widget, QAbstractItemView):
        yield from _cells(widget)
    yield widget.toolTip()
    if widget.isWindow():
        yield widget.windowTitle()


def _cells(view: QAbstractItemView, rows: int = 30) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    root = QModelIndex()
    for row in range(min(model.rowCount(root), rows)):
        for column in range(1 if isinstance(model, QAbstractListModel) else model.columnCount()):
            index = model.index(row, column, root)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    yield value


def _plain(text: str) -> str:
    return re.sub(r"<[^>]*>", " ", text)  # rich text: the words, not the tags


def menu_texts(menu: QMenu, where: str) -> Iterator[tuple[str, str]]:
    yield where, menu.title()
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            yield from menu_texts(submenu, f"{where} > {submenu.title()}")
        elif not action.isSeparator():
            yield where, action.text()
            yield where, action.toolTip()


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for ``root`` and every visible widget inside it."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or isinstance(widget.parentWidget(), QLineEdit):
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox):
            continue  # the spin box's own line edit holds the value
        for text in widget_texts(widget):
            if text:
                yield describe(widget), text


# ---- what counts as English left untranslated ---------------------------------------------------

# Names that stay as they are in a Chinese interface: the product and other proper nouns,
# language names written in their own language, and key names in shortcuts.
PROPER_NOUNS = frozenset(
    {
        "SalesDesk",
        "WeChat",
        "English",
        "Excel",
        "vCard",
        "iCalendar",
        "Outlook",
        "Ctrl",
        "Shift",
        "Alt",
        "Meta",
        "Esc",
        "Enter",
        "Del",
        "Tab",
    }
)
# User data written in Latin letters: e-mail addresses, web addresses, ids with digits.
_DATA_TOKEN = re.compile(r"\S*[@\d_/]\S*|www\.\S+")
# An English word: two or more letters, ending in a lower-case one (so KPI, CRM, A/B/C pass).
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[a-z]")


def english_words(text: str) -> list[str]:
    """The English words in ``text`` that a Chinese interface should not show."""
    cleaned = _DATA_TOKEN.sub(" ", text.replace("&", ""))
    return [w for w in _WORD.findall(cleaned) if w not in PROPER_NOUNS]


def test_english_words_are_told_apart_from_data_and_names() -> None:
    assert english_words("Save") == ["Save"]
    assert english_words("新建客户（Ctrl+N）") == []
    assert english_words("contact123@example.cn wx_204881 www.huaxin.cn 9144030MA5") == []
    assert english_words("KPI 指标 · A 类 – 重点客户 · SalesDesk · 微信") == []
    assert english_words("共 300 个客户 (&N)") == []
    assert english_words("跟随系统（简体中文） English") == []
    assert english_words("3 customers") == ["customers"]


# ---- the catalogs --------------------------------------------------------------------------------

CATALOGS = i18n.catalog_sources()


@pytest.mark.parametrize("catalog", sorted(CATALOGS))
def test_catalog_translates_every_string_in_the_code(catalog: str) -> None:
    """The "no untranslated string" guard: every string lupdate finds is translated."""
    found = i18n.problems(catalog, CATALOGS[catalog])
    ts = i18n.ts_path(catalog).relative_to(i18n.translations_dir().parents[1])
    assert not found, (
        f"{ts}: {len(found)} string(s) of the {catalog!r} catalog need a Chinese translation:\n  "
        + "\n  ".join(found[:40])
        + ("\n  …" if len(found) > 40 else "")
        + f"\nFix: run `./dev i18n {catalog}`, translate the new entries in {ts} "
        f"(pyside6-linguist {ts}, or edit the file), and commit it."
    )


def test_every_area_package_has_its_own_catalog() -> None:
    packages = {
        p.name
        for p in i18n.UI_DIR.iterdir()
        if (p / "__init__.py").is_file() and p.name not in i18n.SHARED_PACKAGES
    }
    assert packages <= set(CATALOGS)
    assert {"core", "customers"} <= set(CATALOGS)
    assert i18n.UI_DIR / "labels.py" in CATALOGS["core"]
    assert i18n.UI_DIR / "widgets" / "form.py" in CATALOGS["core"]


def test_catalog_check_reports_new_untranslated_strings(tmp_path: Path) -> None:
    """The guard can fail: a string added to the code and not translated is reported."""
    source = tmp_path / "page.py"
    source.write_text(
        "class NewPage(QWidget):\n"
        "    def __init__(self):\n"
        "        self.tr('Customers')\n"
        "        self.tr('Brand-new label')\n"
        "        QCoreApplication.translate('Duplicates', 'same phone number')\n"
        "def helper():\n"
        "    return tr('Nowhere')\n",
        encoding="utf-8",
    )
    found = i18n.problems("customers", [source])
    assert "[NewPage] 'Brand-new label': not translated" in found
    assert "[NewPage] 'Customers': not translated" in found
    assert not any("same phone number" in p for p in found)  # translated in the catalog
    assert any("'Nowhere'" in p and "no context" in p for p in found)


def test_placeholders_must_survive_translation(tmp_path: Path) -> None:
    ts = tmp_path / "x_zh_CN.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" '
        'language="zh_CN">\n<context>\n    <name>P</name>\n    <message>\n'
        "        <source>%1 customers</source>\n        <translation>客户</translation>\n"
        "    </message>\n</context>\n</TS>\n",
        encoding="utf-8",
    )
    messages = i18n.read_catalog(ts)
    assert messages == [i18n.Message("P", "%1 customers", "客户", finished=True)]


# ---- choosing and loading the language -------------------------------------------------------


def test_language_follows_the_system_unless_chosen() -> None:
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    taiwan = QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan)
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert i18n.choose_language("", chinese, {}) == "zh_CN"
    assert i18n.choose_language("", taiwan, {}) == "zh_CN"
    assert i18n.choose_language("", german, {}) == "en"
    assert i18n.choose_language("en", chinese, {}) == "en"
    assert i18n.choose_language("zh_CN", german, {}) == "zh_CN"
    assert i18n.choose_language("en", chinese, {"SALESDESK_LANGUAGE": "pseudo"}) == "pseudo"
    assert i18n.choose_language("nonsense", german, {"SALESDESK_LANGUAGE": ""}) == "en"


def test_installing_chinese_translates_salesdesk_and_qt_strings(
    qtbot: QtBot, built_catalogs: list[Path]
) -> None:
    with language("zh_CN") as installed:
        assert {"core", "customers"} <= set(installed.catalogs)
        assert installed.qt_translations
        assert QCoreApplication.translate("Areas", "Customers") == "客户"
        assert QCoreApplication.translate("Choices", "Sales rep") == "销售代表"
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        qtbot.addWidget(box)
        save = box.button(QDialogButtonBox.StandardButton.Save)
        assert save.text().replace("&", "").startswith("保存")
    assert QCoreApplication.translate("Areas", "Customers") == "Customers"
    assert i18n.installed().language == "en"


def test_pseudo_translation_stretches_and_keeps_placeholders() -> None:
    stretched = i18n.pseudo("Delete %1 with its contacts?")
    assert stretched.startswith("[") and stretched.endswith("]")
    assert "%1" in stretched and "Delete" not in stretched
    assert len(stretched) >= 1.35 * len("Delete %1 with its contacts?")
    assert i18n.pseudo("<b>Bold</b>\nnext").count("<b>") == 1
    assert i18n.pseudo("line one\nline two").count("\n") == 1
    translator = i18n.PseudoTranslator()
    assert translator.translate("CustomersPage", "All tiers") == i18n.pseudo("All tiers")
    assert translator.translate("QShortcut", "Ctrl") is None  # key names must still parse


def test_pseudo_locale_leaves_qt_key_names_alone(qtbot: QtBot) -> None:
    from PySide6.QtGui import QKeySequence

    with language(i18n.PSEUDO):
        assert QKeySequence("Ctrl+F5").toString(QKeySequence.SequenceFormat.NativeText) == (
            "Ctrl+F5"
        )
        assert QCoreApplication.translate("QShortcut", "Ctrl") == "Ctrl"


def test_the_qt_binding_keeps_none_alive(qtbot: QtBot) -> None:
    """PySide6 6.12.0 lost a reference to None per Python translate() call (Python 3.11 then
    aborts); pyproject.toml keeps it out. This fails if such a binding comes back."""
    import sys

    with language(i18n.PSEUDO):
        before = sys.getrefcount(None)
        for _ in range(3000):
            QCoreApplication.translate("CustomersPage", "All tiers")
        assert before - sys.getrefcount(None) < 100


# ---- the Preferences dialog ---------------------------------------------------------------------


def test_preferences_store_the_language_and_offer_a_restart(qtbot: QtBot) -> None:
    from salesdesk.ui.preferences import PreferencesDialog

    make_application()
    user_settings = Settings()
    restarts: list[bool] = []
    dialog = PreferencesDialog(user_settings, restart=lambda: restarts.append(True))
    qtbot.addWidget(dialog)
    assert dialog.chosen_language() == ""  # follows the system at first
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    answer_restart(qtbot, "Restart now")
    dialog.accept()
    assert user_settings.get(settings.LANGUAGE) == "zh_CN"
    assert restarts == [True]

    dialog = PreferencesDialog(user_settings, restart=lambda: restarts.append(True))
    qtbot.addWidget(dialog)
    assert dialog.chosen_language() == "zh_CN"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    answer_restart(qtbot, "Later")
    dialog.accept()
    assert user_settings.get(settings.LANGUAGE) == "en"
    assert restarts == [True]  # "Later": no restart


def answer_restart(qtbot: QtBot, button_text: str) -> None:
    """Click the button called ``button_text`` on the next message box."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def attempt(tries: int = 50) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            for button in box.buttons():
                if button.text() == button_text:
                    button.click()
                    return
        if tries:
            QTimer.singleShot(20, lambda: attempt(tries - 1))

    QTimer.singleShot(0, attempt)


def test_main_window_menu_opens_preferences(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.ui import preferences

    opened: list[preferences.PreferencesDialog] = []

    def exec_(dialog: preferences.PreferencesDialog) -> int:
        opened.append(dialog)
        return 0

    monkeypatch.setattr(preferences.PreferencesDialog, "exec", exec_)
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    action = next(a for a in file_menu.actions() if a.text() == "&Preferences…")
    action.trigger()
    assert len(opened) == 1


# ---- no English in the Chinese interface -----------------------------------------------------


def chinese_leftovers(root: QWidget) -> list[str]:
    found = [
        f"{where}: {text!r} ({', '.join(words)})"
        for where, text in visible_texts(root)
        if (words := english_words(text))
    ]
    return list(dict.fromkeys(found))


def test_chinese_interface_shows_no_english(
    qtbot: QtBot, tmp_path: Path, built_catalogs: list[Path]
) -> None:
    """Every area, every tab, the menus and the main dialogs, walked in Chinese."""
    from salesdesk.ui.customers.editor import ContactDialog, CustomerDialog
    from salesdesk.ui.preferences import PreferencesDialog

    store = sample_store(tmp_path / "profile")
    leftovers: dict[str, list[str]] = {}
    with language("zh_CN"), open_window(qtbot, store, 1400, 860) as window:
        assert [a.key for a in window.areas] == [
            a.key for a in AREAS if a.available_to(store.profile.role)
        ]
        menus = [a.menu() for a in window.menuBar().actions()]
        for where, text in (
            item for menu in menus if isinstance(menu, QMenu) for item in menu_texts(menu, "menu")
        ):
            if english_words(text):
                leftovers.setdefault("menus", []).append(f"{where}: {text!r}")
        for area in window.areas:
            page = show_area(qtbot, window, area.key)
            for _tab in each_tab(qtbot, window, page):
                found = chinese_leftovers(window)
                leftovers.setdefault(area.key, []).extend(
                    f for f in found if f not in leftovers[area.key]
                )
        customers = window.pages["customers"]
        customer = customers.selected_customer()  # type: ignore[attr-defined]
        assert customer is not None
        for dialog in (
            CustomerDialog(window.context, customer, parent=window),
            ContactDialog(window.context, customer.id, parent=window),
            PreferencesDialog(window.context.settings, window),
        ):
            dialog.show()
            qtbot.waitExposed(dialog)
            leftovers[type(dialog).__name__] = chinese_leftovers(dialog)
            dialog.reject()
        settle(qtbot, window)
    problems = {where: found for where, found in leftovers.items() if found}
    assert not problems, (
        "English text left in the Chinese interface:\n"
        + "\n".join(f"[{where}]\n  " + "\n  ".join(found[:30]) for where, found in problems.items())
        + (
            "\nFix: mark the string for translation (self.tr / QCoreApplication.translate), "
            "run `./dev i18n <catalog>` and translate it; proper nouns go in PROPER_NOUNS."
        )
    )
