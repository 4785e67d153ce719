"""The pseudo-locale: every string ~40% longer, and nothing may be clipped or overflow.

Translations run longer than English (and Chinese text is wider per character),
so a layout that only just fits its English text breaks in another language.
Every area, every tab and the main dialogs are opened with the pseudo
translator (``i18n.PseudoTranslator``) in a 1280×800 window, and each visible
text is checked against the room it was given.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from salesdesk.ui import i18n
from tests.ui.test_i18n import (
    describe,
    each_tab,
    language,
    open_window,
    sample_store,
    settle,
    show_area,
)

SCREEN = QSize(1280, 800)  # a common laptop screen: every window must fit in it
SLACK = 2  # pixels of rounding we forgive


def clipped(root: QWidget) -> Iterator[str]:
    """Visible texts inside ``root`` that do not fit the room their widget was given."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        problem = _clipping(widget)
        if problem:
            yield f"{describe(widget)}: {problem}"


def _clipping(widget: QWidget) -> str:
    if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
        if widget.wordWrap():
            need = widget.heightForWidth(widget.width())
            if need > widget.height() + SLACK:
                return f"{widget.text()!r} needs {need}px of height, has {widget.height()}"
        elif widget.sizeHint().width() > widget.width() + SLACK:
            return _short(widget.text(), widget.sizeHint().width(), widget.width())
    elif isinstance(widget, QPushButton | QCheckBox | QRadioButton | QToolButton):
        if isinstance(widget.parentWidget(), QTabBar) or not widget.text():
            return ""  # the tab bar's scroll arrows
        if widget.sizeHint().width() > widget.width() + SLACK:
            return _short(widget.text(), widget.sizeHint().width(), widget.width())
    elif isinstance(widget, QTabBar):
        if widget.elideMode() == Qt.TextElideMode.ElideNone and (
            widget.sizeHint().width() > widget.width() + SLACK
        ):
            tabs = [widget.tabText(i) for i in range(widget.count())]
            return f"tabs {tabs} need {widget.sizeHint().width()}px, have {widget.width()}"
    elif isinstance(widget, QGroupBox) and widget.title():
        need = widget.fontMetrics().horizontalAdvance(widget.title()) + 16
        if need > widget.width() + SLACK:
            return _short(widget.title(), need, widget.width())
    elif isinstance(widget, QComboBox) and not widget.isEditable() and widget.currentText():
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        field = widget.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            widget,
        )
        need = widget.fontMetrics().horizontalAdvance(widget.currentText())
        if need > field.width() + SLACK:
            return _short(widget.currentText(), need, field.width())
    elif isinstance(widget, QLineEdit) and not isinstance(
        widget.parentWidget(), QComboBox | QAbstractSpinBox
    ):
        if widget.width() < widget.sizeHint().width() - SLACK:
            return f"a text field squeezed to {widget.width()}px (its natural width is "
            f"{widget.sizeHint().width()}px)"
    elif (
        isinstance(widget, QScrollArea)
        and not isinstance(widget, QAbstractItemView)
        and widget.horizontalScrollBar().isVisible()
    ):
        return "content is wider than the scroll area (a sideways scroll bar shows)"
    return ""


def _short(text: str, need: int, have: int) -> str:
    return f"{text!r} needs {need}px, has {have}"


def test_clipping_check_catches_a_squeezed_label(qtbot: QtBot) -> None:
    """The check can fail: a label and a button squeezed into too little room are reported."""
    box = QWidget()
    qtbot.addWidget(box)
    layout = QHBoxLayout(box)
    label = QLabel(i18n.pseudo("A fairly long label text"), box)
    button = QPushButton(i18n.pseudo("Save and close"), box)
    for widget in (label, button):
        widget.setMinimumWidth(10)
        layout.addWidget(widget)
    label.setMaximumWidth(40)
    button.setMaximumWidth(40)
    box.show()
    qtbot.waitExposed(box)
    found = list(clipped(box))
    assert len(found) == 2, found
    assert "needs" in found[0]


def test_every_area_fits_stretched_text(qtbot: QtBot, tmp_path: Path) -> None:
    from salesdesk.ui.customers.editor import ContactDialog, CustomerDialog
    from salesdesk.ui.preferences import PreferencesDialog

    store = sample_store(tmp_path / "profile")
    problems: dict[str, list[str]] = {}
    with language(i18n.PSEUDO), open_window(qtbot, store, SCREEN.width(), SCREEN.height()) as w:
        minimum = w.minimumSizeHint()
        if minimum.width() > SCREEN.width() or minimum.height() > SCREEN.height():
            problems["main window"] = [
                f"needs at least {minimum.width()}×{minimum.height()}, more than "
                f"a {SCREEN.width()}×{SCREEN.height()} screen",
                *(
                    f"page {key} needs {page.minimumSizeHint().width()}×"
                    f"{page.minimumSizeHint().height()} (the navigation takes "
                    f"{w.navigation.width()})"
                    for key, page in w.pages.items()
                ),
            ]
        for area in w.areas:
            page = show_area(qtbot, w, area.key)
            for tab in each_tab(qtbot, w, page):
                found = [f"{tab}: {p}" if tab else p for p in clipped(w)]
                if w.width() > SCREEN.width() or w.height() > SCREEN.height():
                    found.append(f"{tab}: the window grew to {w.width()}×{w.height()}")
                problems.setdefault(area.key, []).extend(
                    f for f in found if f not in problems[area.key]
                )
        customer = w.pages["customers"].selected_customer()  # type: ignore[attr-defined]
        assert customer is not None
        for dialog in (
            CustomerDialog(w.context, customer, parent=w),
            ContactDialog(w.context, customer.id, parent=w),
            PreferencesDialog(w.context.settings, w),
        ):
            dialog.show()
            qtbot.waitExposed(dialog)
            settle(qtbot, w)
            name = type(dialog).__name__
            problems[name] = list(clipped(dialog))
            minimum = dialog.minimumSizeHint()
            if minimum.width() > SCREEN.width() or minimum.height() > SCREEN.height():
                problems[name].append(f"needs at least {minimum.width()}×{minimum.height()}")
            dialog.reject()
        settle(qtbot, w)
    problems = {where: found for where, found in problems.items() if found}
    assert not problems, (
        "Text clipped or overflowing with ~40% longer (pseudo-locale) strings:\n"
        + "\n".join(f"[{where}]\n  " + "\n  ".join(found[:30]) for where, found in problems.items())
        + "\nFix the layout (word wrap, elision, stretch, a minimum contents length), "
        "not the text. See it yourself: SALESDESK_LANGUAGE=pseudo ./dev demo"
    )
