"""The client reads a pull page's list of changes one item at a time (``sync.client.http.loads``):
the same values as the protocol's strict ``loads`` (``json.loads`` refusing NaN, NUL characters
and lone surrogates), and the same answers refused, for any text."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync import protocol
from sync.client.http import loads

scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=8,
)
spaces = st.sampled_from(["", " ", "\n", " \t\r\n"])


def _reference(text: str) -> tuple[str, Any]:
    try:
        return "ok", protocol.loads(text)
    except protocol.ProtocolError:
        return "refused", None


def _mine(text: str) -> tuple[str, Any]:
    try:
        return "ok", loads(text.encode("utf-8"))
    except protocol.ProtocolError:
        return "refused", None


@settings(max_examples=300, deadline=None)
@given(
    changes=st.lists(values, max_size=5),
    others=st.dictionaries(st.text(max_size=6), values, max_size=3),
    gaps=st.lists(spaces, min_size=8, max_size=8),
    cut=st.integers(min_value=0, max_value=400),
    insert=st.sampled_from(["", ",", "]", "}", "[", '"', " ", "x", ",}", "]]"]),
)
def test_the_same_values_and_refusals_as_json_loads(
    changes: list[Any], others: dict[str, Any], gaps: list[str], cut: int, insert: str
) -> None:
    a, b, c, d, e, f, g, h = gaps
    items = f"{b},{c}".join(json.dumps(item, ensure_ascii=False) for item in changes)
    rest = "".join(
        f"{d},{e}{json.dumps(key, ensure_ascii=False)}{f}:{g}{json.dumps(value)}"
        for key, value in others.items()
    )
    text = '{"changes":[' + a + items + c + "]" + rest + h + "}"
    assert _mine(text) == _reference(text)
    damaged = text[:cut] + insert + text[cut:]
    assert _mine(damaged) == _reference(damaged)


@pytest.mark.parametrize(
    "text",
    [
        '{"changes":[]}',
        '{"changes":[ ]}',
        '{"changes":[],"cursor":3,"more":false,"reset":false}',
        '{"changes":[1,2] , "cursor":1}',
        '{"changes":[1],}',
        '{"changes":[1,]}',
        '{"changes":[1]"cursor":1}',
        '{"changes":[1],"changes":[2]}',
        '{"changes":[NaN]}',
        '{"changes":[1]} x',
        '{"changes":[{"a":[1,{"b":2}]}],"cursor":5}',
        '{"changes":[1]',
    ],
)
def test_edge_cases(text: str) -> None:
    assert _mine(text) == _reference(text)
