"""Screenshots of every area and the main dialogs, in Chinese and in English.

Rendered offscreen at 1400×860 over a profile of sample data, saved as
``artifacts/screenshots/<language>/<name>.png`` (CI keeps them as test
artifacts) — for people to look at: Chinese needs a CJK font (fonts-noto-cjk),
else it shows as boxes. Set ``SALESDESK_SCREENSHOTS`` to another folder to
write them elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase, QImage
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from salesdesk.store.peek import ProfileGuess
from salesdesk.ui import i18n
from salesdesk.ui.areas import AREAS
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.settings import Settings
from tests.ui.test_i18n import language, open_window, sample_store, settle, show_area

ROOT = Path(__file__).resolve().parents[2]
SIZE = (1400, 860)
DIALOG_NAMES = ("customer_editor", "contact_editor", "preferences")


def screenshot_dir(name: str) -> Path:
    base = Path(os.environ.get("SALESDESK_SCREENSHOTS") or ROOT / "artifacts" / "screenshots")
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(widget: QWidget, path: Path) -> QImage:
    image = widget.grab().toImage()
    assert image.save(str(path)), f"could not write {path}"
    return image


def distinct_colours(image: QImage, step: int = 7) -> int:
    """How many colours a coarse sample of the image has: a blank grab has one or two."""
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }
    return len(colours)


def has_cjk_font() -> bool:
    return any("CJK" in family for family in QFontDatabase.families())


@pytest.mark.parametrize("lang", [i18n.CHINESE, i18n.ENGLISH])
def test_screenshots_of_every_area_and_dialog(qtbot: QtBot, tmp_path: Path, lang: str) -> None:
    from salesdesk.ui.customers.editor import ContactDialog, CustomerDialog
    from salesdesk.ui.preferences import PreferencesDialog

    if lang == i18n.CHINESE:
        assert has_cjk_font(), "no CJK font: Chinese would render as boxes (fonts-noto-cjk)"
    i18n.build()  # .qm files from the committed catalogs, where missing or older
    folder = screenshot_dir(lang)
    for old in folder.glob("*.png"):
        old.unlink()
    store = sample_store(tmp_path / "profile")
    written: list[str] = []
    with language(lang):  # the window as it first shows, while the profile is being opened
        frame = MainWindow(Settings(), ProfileGuess(store.profile.role, "张敏"))
        qtbot.addWidget(frame)
        frame.resize(*SIZE)
        frame.show()
        qtbot.waitExposed(frame)
        image = save(frame, folder / "opening.png")
        assert distinct_colours(image) > 10, "the opening window looks blank"
        written.append("opening")
        frame.close()
    with language(lang), open_window(qtbot, store, *SIZE) as window:
        for area in window.areas:
            show_area(qtbot, window, area.key)
            image = save(window, folder / f"{area.key}.png")
            assert (image.width(), image.height()) == SIZE
            assert distinct_colours(image) > 20, f"{area.key} looks blank"
            written.append(area.key)
        window.show_area("customers")
        settle(qtbot, window)
        customer = window.pages["customers"].selected_customer()  # type: ignore[attr-defined]
        assert customer is not None
        dialogs: list[QDialog] = [
            CustomerDialog(window.context, customer, parent=window),
            ContactDialog(window.context, customer.id, parent=window),
            PreferencesDialog(window.context.settings, window),
        ]
        for name, dialog in zip(DIALOG_NAMES, dialogs, strict=True):
            dialog.show()
            qtbot.waitExposed(dialog)
            settle(qtbot, window)
            image = save(dialog, folder / f"{name}.png")
            assert distinct_colours(image) > 10, f"{name} looks blank"
            written.append(name)
            dialog.reject()
        settle(qtbot, window)
    expected = [
        "opening",
        *(a.key for a in AREAS if a.available_to(store.profile.role)),
        *DIALOG_NAMES,
    ]
    assert written == expected
    assert sorted(p.stem for p in folder.glob("*.png")) == sorted(expected)
