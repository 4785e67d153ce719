from salesdesk.ui.main_window import MainWindow


def test_window_opens_on_customers(window: MainWindow) -> None:
    assert window.current_area == "customers"
