"""Schema migrations: the committed first-schema file upgrades, newer files are refused."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from salesdesk import api
from salesdesk.domain.entities import Contact, Customer, Deal
from salesdesk.store import customers, database, search
from salesdesk.store.database import SCHEMA_HEAD, SchemaTooNewError, StoreError
from salesdesk.store.migrations_util import compare_type, include_object
from salesdesk.store.store import Store
from salesdesk.store.tables import metadata

DATA = Path(__file__).parent / "data"
FIRST_SCHEMA = DATA / "profile-schema-0001.db"


def test_schema_head_constant_is_alembics_head(tmp_path: Path) -> None:
    engine = database.create_engine(tmp_path / "x.db")
    script = ScriptDirectory.from_config(database._alembic_config(engine))
    assert script.get_current_head() == SCHEMA_HEAD


def test_migrations_create_exactly_the_declared_schema(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p")
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": compare_type, "include_object": include_object}
        )
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_the_first_schema_file_upgrades_and_keeps_its_data(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(FIRST_SCHEMA, folder / "salesdesk.db")
    store = Store.open(folder)
    try:
        with store.engine.connect() as connection:
            revision = connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version"
            ).scalar()
        assert revision == SCHEMA_HEAD
        customers = store.select(Customer)
        assert [c.name for c in customers] == ["深圳市华为技术有限公司"]
        huawei = customers[0]
        assert huawei.tags == ("重点", "VIP")
        assert [n.text for n in huawei.notes] == ["第一次拜访"]
        assert store.count(Contact) == 1
        assert str(store.select(Deal)[0].amount) == "120000.50"
        assert store.get(Customer, huawei.id) is not None
        assert store.outbox_count() == 6  # nothing pending was lost
        assert [h.title for h in api.search(store, "华为")] == ["深圳市华为技术有限公司"]
        assert [h.title for h in api.search(store, "张伟")] == ["张伟"]
        # It is writable, and the search index follows writes after the upgrade.
        store.update(Customer, huawei.id, name="华为终端有限公司")
        assert [h.title for h in api.search(store, "终端")] == ["华为终端有限公司"]
        if SCHEMA_HEAD != "0001":
            assert list(folder.glob("salesdesk.backup-0001-*.db")), "no backup before migrating"
    finally:
        store.close()


def test_an_unknown_revision_is_refused_and_nothing_is_backed_up(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    store = Store.open(folder)
    store.close()
    engine = database.create_engine(folder / "salesdesk.db")
    with engine.begin() as connection:  # a revision this version has never heard of
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'base_marker'")
    engine.dispose()
    with pytest.raises(SchemaTooNewError):  # an unknown revision is treated as newer
        Store.open(folder)
    assert not list(folder.glob("salesdesk.backup-*"))


def test_a_newer_database_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    Store.open(folder).close()
    path = folder / "salesdesk.db"
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(SchemaTooNewError) as error:
        Store.open(folder)
    assert "newer version of SalesDesk" in str(error.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "salesdesk.db").write_text("this is a text file, not SQLite")
    with pytest.raises(StoreError, match="not a SalesDesk database"):
        Store.open(folder)


def test_a_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    other = sqlite3.connect(folder / "salesdesk.db")
    other.execute("CREATE TABLE songs (title TEXT)")
    other.commit()
    other.close()
    with pytest.raises(StoreError, match="not a SalesDesk database"):
        Store.open(folder)


def test_search_triggers_use_the_search_modules_expressions(store: Store) -> None:
    with store.engine.connect() as connection:
        triggers: dict[str, str] = dict(
            connection.execute(
                sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            ).all()
        )
    for entity in ("customer", "contact"):
        body = search.BODY_SQL[entity].format(row="NEW.")
        grams = search.GRAMS_SQL[entity].format(row="NEW.")
        for action in ("insert", "update"):
            sql = " ".join(triggers[f"{entity}_search_{action}"].split())
            assert " ".join(body.split()) in sql
            assert " ".join(grams.split()) in sql


def _columns(engine: sa.Engine, table: str) -> list[str]:
    with engine.connect() as connection:
        return [row[1] for row in connection.exec_driver_sql(f"PRAGMA table_xinfo({table})")]


def test_0005_rebuilds_the_contact_indexes_without_customer_id(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    store = Store.open(folder)
    huawei = api.add(store, "customer", {"name": "深圳市华为技术有限公司", "city": "深圳"})
    api.add(
        store, "contact", {"customer_id": str(huawei.id), "name": "张伟", "mobile": "13800138000"}
    )
    gone = api.add(store, "contact", {"customer_id": str(huawei.id), "name": "李娜"})
    api.delete(store, "contact", gone.id)
    store.close()
    from alembic import command

    engine = database.create_engine(folder / "salesdesk.db")
    command.downgrade(database._alembic_config(engine), "0004")
    for table in ("search_contact", "search_contact_gram"):
        assert "customer_id" in _columns(engine, table)
    engine.dispose()

    store = Store.open(folder)  # upgrades to 0005 again
    try:
        for table in ("search_contact", "search_contact_gram"):
            assert "customer_id" not in _columns(store.engine, table)
        assert [h.title for h in api.search(store, "张伟")] == ["张伟"]  # the gram index
        assert [h.title for h in api.search(store, "00138")] == ["张伟"]  # the trigram index
        assert api.search(store, "李娜") == []  # a deleted contact is not indexed again
        # A contact leads the customer list to its customer, and new contacts are indexed.
        api.add(store, "contact", {"customer_id": str(huawei.id), "name": "王芳"})
        assert [h.customer_name for h in api.search(store, "王芳")] == ["深圳市华为技术有限公司"]
        with store.engine.connect() as connection:
            for text in ("王芳", "00138", "深圳 张伟"):
                found = customers.customer_ids(connection, customers.CustomerFilter(text=text))
                assert found == [huawei.id.hex], text
    finally:
        store.close()
