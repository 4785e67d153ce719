from salesdesk.ui.main_window import MainWindow


def test_window_opens_on_today(window: MainWindow) -> None:
    assert window.current_area == "today"
