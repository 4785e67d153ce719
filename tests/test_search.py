"""Full-text search: Chinese substrings, short terms, English words, kept in step with writes."""

from __future__ import annotations

import pytest

from salesdesk import api
from salesdesk.domain.entities import Contact, Customer
from salesdesk.store.search import grams, terms
from salesdesk.store.store import Store


@pytest.fixture
def filled(store: Store) -> Store:
    huawei = store.create(
        Customer, name="深圳市华为技术有限公司", city="深圳市", address="龙岗区坂田华为基地"
    )
    store.create(Customer, name="北京字节跳动科技有限公司", city="北京市", phone="010-58341234")
    store.create(Customer, name="Acme Trading Co., Ltd.", city="上海市", tags=("VIP", "老客户"))
    store.create(
        Contact,
        customer_id=huawei.id,
        name="张伟",
        mobile="13800138000",
        email="zhang.wei@huawei.com",
        wechat="wx_zhangwei",
    )
    return store


def titles(store: Store, text: str) -> list[str]:
    return [hit.title for hit in api.search(store, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("华为", ["深圳市华为技术有限公司"]),  # two characters: the gram index
        ("华为技术", ["深圳市华为技术有限公司"]),  # longer: the trigram index
        ("为技", ["深圳市华为技术有限公司"]),  # from the middle of a name
        ("字节跳动", ["北京字节跳动科技有限公司"]),
        ("坂田", ["深圳市华为技术有限公司"]),  # the address
        ("深圳", ["深圳市华为技术有限公司"]),
        ("深", ["深圳市华为技术有限公司"]),  # a single character
        ("张伟", ["张伟"]),  # a contact
        ("0013", ["张伟"]),  # the middle of a mobile number
        ("5834", ["北京字节跳动科技有限公司"]),  # the middle of a phone number
        ("acme", ["Acme Trading Co., Ltd."]),  # English, any case
        ("TRADING", ["Acme Trading Co., Ltd."]),
        ("vip", ["Acme Trading Co., Ltd."]),  # tags
        ("zhang.wei", ["张伟"]),
        ("wx_zhangwei", ["张伟"]),
        ("华为技", ["深圳市华为技术有限公司"]),  # exactly three: one trigram, looked up by MATCH
        ("138", ["张伟"]),
        ("ACM", ["Acme Trading Co., Ltd."]),  # any case there too
        ("wx_", ["张伟"]),  # "_" in a three-character term: LIKE
        ('a"c', []),  # a quote is text, not query syntax
        ('"深圳', []),
        ("深圳 科技", []),  # every term must match
        ("北京 科技", ["北京字节跳动科技有限公司"]),
        ("不存在的公司", []),
        ("", []),
        ("%", []),
    ],
)
def test_search_finds(filled: Store, text: str, expected: list[str]) -> None:
    assert titles(filled, text) == expected


def test_the_index_follows_updates_and_deletes(filled: Store) -> None:
    huawei = api.search(filled, "华为")[0]
    filled.update(Customer, huawei.id, name="深圳市荣耀终端有限公司")
    assert titles(filled, "华为技术") == []  # the old name is gone from the index
    assert titles(filled, "荣耀") == ["深圳市荣耀终端有限公司"]
    assert titles(filled, "荣耀终端") == ["深圳市荣耀终端有限公司"]
    filled.delete(Customer, huawei.id)
    assert titles(filled, "荣耀") == []
    assert titles(filled, "张伟") == []  # its contact went with it
    filled.restore(Customer, huawei.id)
    assert titles(filled, "荣耀") == ["深圳市荣耀终端有限公司"]
    assert titles(filled, "张伟") == ["张伟"]


def test_bulk_written_rows_are_indexed_too(store: Store) -> None:
    api.demo_data(store, 50)
    some = store.select(Customer, limit=3)
    for customer in some:
        assert customer.name in titles(store, customer.name[2:6])


def test_grams_and_terms() -> None:
    assert grams("深圳市华为 Huawei") == "深圳 圳市 市华 华为 为 huawei"
    assert grams("ＡＢＣ公司") == "abc 公司 司"  # full-width letters are folded
    assert terms("  华为   acme ") == ["华为", "acme"]
    assert terms("50%") == ["50"]


def list_names(store: Store, text: str) -> list[str]:
    """The customer list's matches (names, by name) for ``text``."""
    from salesdesk.store import customers as queries

    with store.engine.connect() as connection:
        query = queries.CustomerFilter(text=text, sort="name", descending=False)
        ids = queries.customer_ids(connection, query)
    return [store.require(Customer, api.parse_id(key)).name for key in ids]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("深圳 张", ["深圳市华为技术有限公司"]),  # a city of the customer, a contact's surname
        ("张伟 华为", ["深圳市华为技术有限公司"]),
        ("0013 坂田", ["深圳市华为技术有限公司"]),  # a contact's mobile and the address
        ("北京 张", []),  # every term must match somewhere in the same customer
        ("深圳 科技", []),
        ("北京 科技", ["北京字节跳动科技有限公司"]),
        ("zhang.wei", ["深圳市华为技术有限公司"]),
    ],
)
def test_the_customer_list_matches_each_term_in_the_customer_or_its_contacts(
    filled: Store, text: str, expected: list[str]
) -> None:
    assert list_names(filled, text) == expected


def test_the_customer_list_filters_by_owner_tier_and_region_with_search_text(
    filled: Store,
) -> None:
    from salesdesk.store import customers as queries

    someone_else = api.parse_id("0192f000-0000-7000-8000-000000000001")
    huawei = api.search(filled, "华为")[0].id
    filled.update(Customer, huawei, tier="A", province="广东省")

    def ids(**given: object) -> list[str]:
        with filled.engine.connect() as connection:
            return queries.customer_ids(connection, queries.CustomerFilter(**given))  # type: ignore[arg-type]

    assert ids(owner_id=filled.profile.user_id, text="深圳") == [huawei.hex]
    assert ids(owner_id=someone_else) == []
    assert ids(tier="A", province="广东省", text="张") == [huawei.hex]
    assert ids(tier="B", text="张") == []
    assert len(ids()) == 3


def rowid_of(store: Store, customer_id: object) -> int:
    with store.engine.connect() as connection:
        return int(
            connection.exec_driver_sql(
                "SELECT rowid FROM customer WHERE id = ?", (api.parse_id(str(customer_id)).hex,)
            ).scalar_one()
        )


def test_a_contact_moved_to_another_customer_finds_that_customer(filled: Store) -> None:
    [zhang] = filled.select(Contact)
    [bytedance] = [c for c in filled.select(Customer) if c.name.startswith("北京")]
    filled.update(Contact, zhang.id, customer_id=bytedance.id)
    assert list_names(filled, "张伟") == ["北京字节跳动科技有限公司"]
    assert list_names(filled, "13800") == ["北京字节跳动科技有限公司"]


@pytest.mark.parametrize("contact_first", [True, False])
def test_synced_rows_rewritten_in_either_order_keep_contacts_with_their_customer(
    filled: Store, contact_first: bool
) -> None:
    """A pulled page rewrites each row (a delete and an insert: a new rowid), one entity after
    the other; contacts written before or after their customer still lead to it."""
    from salesdesk.store import replica

    [zhang] = filled.select(Contact)
    assert zhang.customer_id is not None
    huawei = filled.require(Customer, zhang.customer_id)
    before = rowid_of(filled, huawei.id)

    def version(record: Contact | Customer, seq: int) -> replica.RowVersion:
        entity = "contact" if isinstance(record, Contact) else "customer"
        return replica.RowVersion(
            entity,
            record.id,
            seq,
            False,
            record.created_at,
            record.updated_at,
            dict(record.values()),
        )

    pages = [version(zhang, 10), version(huawei, 11)]
    replica.apply_versions(filled, pages if contact_first else pages[::-1])
    assert rowid_of(filled, huawei.id) != before
    assert list_names(filled, "张伟") == ["深圳市华为技术有限公司"]
    assert list_names(filled, "0013 坂田") == ["深圳市华为技术有限公司"]


@pytest.mark.parametrize("dense_from", [1, 1_000])
def test_first_rows_of_a_search_are_the_start_of_the_whole_list(
    filled: Store, monkeypatch: pytest.MonkeyPatch, dense_from: int
) -> None:
    """A broad search's first rows come from walking the list's index (many matches) or from
    sorting the matches (few): either way they are the first rows of the whole list."""
    from salesdesk.store import customers as queries
    from salesdesk.store.search import rough_matches

    for number in range(12):
        filled.create(Customer, name=f"深圳测试{number:02d}有限公司", city="深圳市")
    monkeypatch.setattr(queries, "DENSE_MATCHES", dense_from)
    with filled.engine.connect() as connection:
        assert rough_matches(connection, "深", 5) == 5  # counting stops where asked
        assert rough_matches(connection, "深 圳", 5) == 0  # several terms: not measured
        for text in ("深", "张", "S", "", "13"):
            for sort, descending in (("updated", True), ("name", False)):
                query = queries.CustomerFilter(text=text, sort=sort, descending=descending)
                whole = queries.customer_ids(connection, query)
                assert queries.customer_ids(connection, query, limit=5) == whole[:5]
