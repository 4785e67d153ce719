"""Duplicate detection: normalised names, credit codes, phone numbers."""

from __future__ import annotations

import pytest

from salesdesk.domain.dedupe import keys_match, names_match, normalize_company_name
from salesdesk.domain.entities import Contact, Customer
from salesdesk.store.duplicates import find_contact_duplicates, find_customer_duplicates
from salesdesk.store.store import Store


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("深圳市华为技术有限公司", "华为技术"),
        ("华为技术（深圳）有限公司", "华为技术"),  # a place in brackets
        ("广东省深圳市华为技术股份有限公司", "华为技术"),
        ("ＨＵＡＷＥＩ　Technologies Co., Ltd.", "huaweitechnologies"),  # full-width
        ("Huawei Technologies Co Ltd", "huaweitechnologies"),
        ("阿里巴巴集团控股有限公司", "阿里巴巴"),
        ("阿里巴巴(中国)网络技术有限公司", "阿里巴巴网络技术"),
        ("北京大学", "北京大学"),  # without the place nothing is left but a generic word
        ("上海银行股份有限公司", "上海银行"),
        ("上海市", "上海市"),
    ],
)
def test_normalised_names(name: str, key: str) -> None:
    assert normalize_company_name(name) == key


def test_near_identical_names_match_but_different_companies_do_not() -> None:
    assert names_match(
        "深圳市腾讯计算机系统有限公司", "腾讯计算机系統有限公司"
    )  # one character differs
    assert names_match("华为技术有限公司", "深圳华为技术有限公司")
    assert not names_match("北京大学", "上海大学")
    assert not names_match("杭州大华股份", "杭州海康股份")
    assert not keys_match("", "")


def test_store_finds_duplicates_by_each_rule(store: Store) -> None:
    huawei = store.create(
        Customer,
        name="深圳市华为技术有限公司",
        credit_code="91440300708461136T",
        phone="0755-28780808",
    )
    store.create(Contact, customer_id=huawei.id, name="张伟", mobile="13800138000")
    with store.engine.connect() as connection:

        def reasons(**kwargs: object) -> set[str]:
            return {d.reason for d in find_customer_duplicates(connection, **kwargs)}  # type: ignore[arg-type]

        assert reasons(name="华为技术（深圳）有限公司") == {"name"}
        assert reasons(credit_code="91440300708461136t") == {"credit_code"}
        assert reasons(phone="+86 755 2878 0808") == {"phone"}
        assert reasons(mobiles=("138-0013-8000",)) == {"mobile"}
        assert reasons(name="阿里巴巴") == set()
        assert reasons(name="华为技术有限公司", exclude=huawei.id) == set()
        contact_dupes = find_contact_duplicates(connection, "+86 138 0013 8000")
        assert [d.customer_name for d in contact_dupes] == ["深圳市华为技术有限公司"]
    store.delete(Customer, huawei.id)
    with store.engine.connect() as connection:
        assert find_customer_duplicates(connection, credit_code="91440300708461136T") == []
