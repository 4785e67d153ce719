"""The Customers screen, driven as a user would: typing, clicking, answering dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from salesdesk import api
from salesdesk.domain.entities import Contact, Customer
from salesdesk.store.store import Store
from salesdesk.ui.customers.editor import ContactDialog, CustomerDialog
from salesdesk.ui.customers.page import CustomersPage
from salesdesk.ui.main_window import MainWindow
from tests.ui.helpers import answer_message_box, type_text, with_next_dialog


def page_of(window: MainWindow) -> CustomersPage:
    window.show_area("customers")  # the app opens on Today; the user goes to Customers
    page = window.pages["customers"]
    assert isinstance(page, CustomersPage)
    return page


def wait_loaded(qtbot: QtBot, page: CustomersPage) -> None:
    """Let queued change notices arrive, then wait for the reloads they started."""
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not page.model.loading and not page.context.runner.busy, timeout=5000)


def names(page: CustomersPage) -> list[str]:
    return [page.model.customer(row).name for row in range(page.model.rowCount())]


def add_customers(store: Store) -> dict[str, Customer]:
    made = {}
    for name, tier, city in [
        ("深圳市华为技术有限公司", "A", "深圳市"),
        ("杭州阿里巴巴网络技术有限公司", "A", "杭州市"),
        ("成都天府软件有限公司", "C", "成都市"),
        ("Acme Trading Co., Ltd.", "B", "上海市"),
    ]:
        province = {"深圳市": "广东省", "杭州市": "浙江省", "成都市": "四川省", "上海市": "上海市"}
        made[name] = store.create(
            Customer, name=name, tier=tier, city=city, province=province[city]
        )
    return made


def test_list_shows_customers_and_count(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    page = page_of(window)
    add_customers(store)
    wait_loaded(qtbot, page)
    assert sorted(names(page)) == sorted(
        [
            "深圳市华为技术有限公司",
            "杭州阿里巴巴网络技术有限公司",
            "成都天府软件有限公司",
            "Acme Trading Co., Ltd.",
        ]
    )
    assert "4" in page.count.text()


def test_search_as_you_type_finds_chinese_substrings_and_english_words(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    made = add_customers(store)
    store.create(
        Contact, customer_id=made["成都天府软件有限公司"].id, name="张伟", mobile="13800138000"
    )
    wait_loaded(qtbot, page)
    for typed, expected in [
        ("华为", ["深圳市华为技术有限公司"]),
        ("阿里巴巴网络", ["杭州阿里巴巴网络技术有限公司"]),
        ("acme", ["Acme Trading Co., Ltd."]),
        ("张伟", ["成都天府软件有限公司"]),  # through a contact
        ("0013", ["成都天府软件有限公司"]),  # the middle of a mobile number
        ("杭州 网络", ["杭州阿里巴巴网络技术有限公司"]),
        ("没有这个", []),
    ]:
        page.search.clear()
        type_text(qtbot, page.search, typed)

        def filtered(text: str = typed) -> bool:
            return page.model.filter.text == text

        qtbot.waitUntil(filtered, timeout=3000)
        wait_loaded(qtbot, page)
        assert names(page) == expected, typed


def test_filters_narrow_the_list(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    page = page_of(window)
    add_customers(store)
    wait_loaded(qtbot, page)
    page.tier.setCurrentIndex(page.tier.findData("A"))
    wait_loaded(qtbot, page)
    assert sorted(names(page)) == ["杭州阿里巴巴网络技术有限公司", "深圳市华为技术有限公司"]
    qtbot.waitUntil(lambda: page.province.findData("广东省") >= 0, timeout=3000)
    page.province.setCurrentIndex(page.province.findData("广东省"))
    wait_loaded(qtbot, page)
    assert names(page) == ["深圳市华为技术有限公司"]
    assert page.city.isEnabled() and page.city.findData("深圳市") >= 0


def test_selecting_a_customer_shows_details_and_contacts(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    made = add_customers(store)
    huawei = made["深圳市华为技术有限公司"]
    store.create(
        Contact,
        customer_id=huawei.id,
        name="王芳",
        title="采购经理",
        mobile="13912345678",
        is_primary=True,
    )
    wait_loaded(qtbot, page)
    row = page.model.row_of(huawei.id)
    assert row is not None
    page.table.selectRow(row)
    qtbot.waitUntil(lambda: page.detail.customer_id == huawei.id, timeout=3000)
    assert page.detail.title.text() == "深圳市华为技术有限公司"
    assert page.detail.contacts.rowCount() == 1
    first = page.detail.contacts.item(0, 0)
    assert first is not None and first.text().startswith("王芳")
    assert page.model.data(page.model.index(row, 5)) == "王芳 13912345678"


def fill(dialog: CustomerDialog | ContactDialog, **values: str) -> None:
    for name, value in values.items():
        editor = dialog.form.editor(name)
        if isinstance(editor, QComboBox) and editor.isEditable():
            editor.setCurrentText(value)
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(value))
        else:
            assert isinstance(editor, QLineEdit)
            editor.setText(value)


def click_save(qtbot: QtBot, dialog: CustomerDialog | ContactDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_new_customer_is_validated_next_to_the_fields(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = CustomerDialog(window.context, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, name="", credit_code="12345", phone="abc")
    click_save(qtbot, dialog)
    assert dialog.form.error_text("name")
    assert "credit code" in dialog.form.error_text("credit_code").lower()
    assert dialog.form.error_text("phone")
    assert store.count(Customer) == 0
    fill(
        dialog,
        name="南京新元电子有限公司",
        credit_code="91440300708461136T",
        phone="025-88886666",
        tier="B",
        province="江苏省",
        city="南京市",
        tags="重点, 老客户",
    )
    assert dialog.form.error_text("name") == ""  # editing clears the message
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=3000)
    assert dialog.saved is not None
    saved = store.require(Customer, dialog.saved.id)
    assert (saved.name, saved.tier, saved.city, saved.tags) == (
        "南京新元电子有限公司",
        "B",
        "南京市",
        ("重点", "老客户"),
    )


def test_duplicate_warning_before_save(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    store.create(Customer, name="深圳市华为技术有限公司", credit_code="91440300708461136T")
    dialog = CustomerDialog(window.context, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, name="华为技术（深圳）有限公司")
    click_save(qtbot, dialog)
    qtbot.waitUntil(dialog.notice.isVisible, timeout=3000)
    assert "深圳市华为技术有限公司" in dialog.notice.text()
    assert dialog.saved is None and store.count(Customer) == 1
    click_save(qtbot, dialog)  # the user saw the warning and saves anyway
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=3000)
    assert store.count(Customer) == 2


def test_duplicate_notice_appears_while_typing(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    store.create(Customer, name="某某公司", credit_code="91440300708461136T")
    dialog = CustomerDialog(window.context, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.form.editor("credit_code"), "91440300708461136T")
    qtbot.waitUntil(dialog.notice.isVisible, timeout=3000)
    assert "某某公司" in dialog.notice.text()


def test_new_customer_button_opens_the_editor_and_selects_the_new_row(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    wait_loaded(qtbot, page)

    def enter(dialog: object) -> None:
        assert isinstance(dialog, CustomerDialog)
        fill(dialog, name="苏州工业园区星辰精密机械有限公司")
        click_save(qtbot, dialog)

    with_next_dialog(enter)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.detail.title.text() == "苏州工业园区星辰精密机械有限公司", timeout=5000
    )
    assert store.count(Customer) == 1


def test_edit_contact_validation_and_save(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    customer = store.create(Customer, name="青岛海川物流有限公司")
    dialog = ContactDialog(window.context, customer.id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, name="李娜", mobile="12345")
    click_save(qtbot, dialog)
    assert "11 digits" in dialog.form.error_text("mobile") or dialog.form.error_text("mobile")
    fill(dialog, mobile="139 1234 5678", email="li.na@example.cn")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=3000)
    contact = store.select(Contact)[0]
    assert (contact.name, contact.mobile, contact.customer_id) == (
        "李娜",
        "139 1234 5678",
        customer.id,
    )


def test_delete_asks_first_and_can_be_undone(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    made = add_customers(store)
    target = made["成都天府软件有限公司"]
    store.create(Contact, customer_id=target.id, name="张伟")
    wait_loaded(qtbot, page)
    page.table.selectRow(page.model.row_of(target.id) or 0)
    qtbot.waitUntil(lambda: page.detail.customer_id == target.id, timeout=3000)

    answer_message_box(QMessageBox.StandardButton.No)
    qtbot.mouseClick(page.detail.delete_button, Qt.MouseButton.LeftButton)
    assert store.get(Customer, target.id) is not None  # "No" keeps it

    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Yes, seen)
    qtbot.mouseClick(page.detail.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.get(Customer, target.id) is None, timeout=3000)
    assert "成都天府软件有限公司" in seen[0]
    wait_loaded(qtbot, page)
    assert "成都天府软件有限公司" not in names(page)
    assert window.notice.button.isVisible()

    qtbot.mouseClick(window.notice.button, Qt.MouseButton.LeftButton)  # Undo
    qtbot.waitUntil(lambda: store.get(Customer, target.id) is not None, timeout=3000)
    assert store.count(Contact) == 1  # the contact came back with it
    qtbot.waitUntil(lambda: "成都天府软件有限公司" in names(page), timeout=3000)


def test_adding_a_note(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    page = page_of(window)
    customer = store.create(Customer, name="武汉远航投资有限公司")
    wait_loaded(qtbot, page)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.customer_id == customer.id, timeout=3000)
    type_text(qtbot, page.detail.note_input, "客户下周回复报价")
    qtbot.keyClick(page.detail.note_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.detail.notes.count() == 1, timeout=3000)
    assert "客户下周回复报价" in page.detail.notes.item(0).text()
    assert [n.text for n in store.require(Customer, customer.id).notes] == ["客户下周回复报价"]


def test_the_list_is_lazy(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    api.demo_data(store, 1500)
    page = page_of(window)
    page.model.reload()
    wait_loaded(qtbot, page)
    assert page.model.rowCount() == 1500
    assert len(page.model._cache) <= 200  # only the rows painted so far were read
    last = page.model.customer(1499)
    assert store.require(Customer, last.id).name == last.name
    assert len(page.model._cache) <= 300


def test_sorting_by_name(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    page = page_of(window)
    add_customers(store)
    wait_loaded(qtbot, page)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    wait_loaded(qtbot, page)
    assert names(page) == sorted(names(page))
    assert page.model.filter.sort == "name"


def test_splitter_and_columns_are_remembered(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    page.splitter.setSizes([900, 300])
    page.table.horizontalHeader().resizeSection(0, 333)
    window.close()
    from salesdesk.ui.app import build_window

    again = build_window(store)
    qtbot.addWidget(again)
    again.show()
    second = page_of(again)
    assert second.table.horizontalHeader().sectionSize(0) == 333
    assert second.splitter.sizes()[0] > second.splitter.sizes()[1]
    again.context.runner.shutdown()


def test_list_keys_work_only_in_the_list(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    page = page_of(window)
    customer = store.create(Customer, name="厦门启明贸易有限公司")
    wait_loaded(qtbot, page)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.customer_id == customer.id, timeout=3000)
    page.search.setFocus()
    qtbot.keyClick(
        page.search, Qt.Key.Key_Delete
    )  # typing Delete in the search box deletes nothing
    qtbot.wait(50)
    assert store.get(Customer, customer.id) is not None

    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Yes, seen)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: store.get(Customer, customer.id) is None, timeout=3000)
    assert seen


def test_a_long_list_shows_its_first_rows_then_the_rest(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from salesdesk.ui.customers import model as list_model

    count = list_model.FIRST_ROWS + 150
    with store.transaction() as writer:
        writer.create_many(Customer, ({"name": f"测试客户{n:04d}"} for n in range(count)))
    page = page_of(window)
    wait_loaded(qtbot, page)
    steps: list[tuple[str, int]] = []
    page.model.modelReset.connect(lambda: steps.append(("reset", page.model.rowCount())))
    page.model.rowsInserted.connect(
        lambda _p, first, last: steps.append(("rest", last - first + 1))
    )
    page.search.setText("测")  # one character: a broad search, first rows first
    with qtbot.waitSignal(page.model.sig_loaded, timeout=5000) as loaded:
        pass
    assert loaded.args == [count]
    assert steps == [("reset", list_model.FIRST_ROWS), ("rest", count - list_model.FIRST_ROWS)]
    assert names(page) == [f"测试客户{n:04d}" for n in reversed(range(count))]  # newest first
    assert str(count) in page.count.text().replace(",", "")

    steps.clear()
    page.search.setText("测试客户01")  # a narrow search: the whole (short) list at once
    with qtbot.waitSignal(page.model.sig_loaded, timeout=5000):
        pass
    assert steps == [("reset", 100)]

    steps.clear()
    page.search.setText("00")  # broad, but its first rows are all there is: shown once
    with qtbot.waitSignal(page.model.sig_loaded, timeout=5000):
        pass
    assert steps == [("reset", 100)]  # 测试客户0000 … 0099 (a short term: words starting so)


def test_a_customer_further_down_a_list_still_loading_is_selected(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from salesdesk.ui.customers import model as list_model

    with store.transaction() as writer:
        made = writer.create_many(
            Customer, ({"name": f"客户{n:04d}"} for n in range(list_model.FIRST_ROWS + 50))
        )
    oldest = made[0]  # the last row: not among the first rows shown
    page = page_of(window)
    wait_loaded(qtbot, page)
    asked: list[int] = []

    def first_rows_shown() -> None:
        if not asked and page.model.loading:
            asked.append(page.model.rowCount())
            page.select_customer(oldest)  # e.g. from a task's link, while the rest is coming

    page.model.modelReset.connect(first_rows_shown)
    page.search.setText("客")
    qtbot.waitUntil(lambda: bool(asked))
    wait_loaded(qtbot, page)
    assert asked == [list_model.FIRST_ROWS]
    assert page.search.text() == "客"  # the filter it is in is kept
    selected = page.selected_customer()
    assert selected is not None and selected.id == oldest
