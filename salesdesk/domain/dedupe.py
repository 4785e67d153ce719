"""Duplicate detection rules: when two customers or contacts are probably the same.

Two customers are duplicates when they share a credit code or a phone
number, or when their names are (nearly) identical after normalising away
what varies between spellings of one company: full-width characters,
spaces and punctuation, a leading place name (广东省, 深圳), a place in
brackets, and legal-form suffixes (有限公司, 股份, 集团, Co., Ltd.).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from salesdesk.domain.regions import place_names
from salesdesk.domain.validators import normalize_phone

# Longest first, applied repeatedly from the end of the name.
_LEGAL_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "集团股份",
    "有限公司",
    "集团公司",
    "股份公司",
    "控股",
    "集团",
    "股份",
    "公司",
    "有限",
    "corporation",
    "company",
    "limited",
    "group",
    "corp",
    "inc",
    "ltd",
    "llc",
    "co",
)
_BRACKETS = re.compile(r"[(\[（【]([^)\]）】]*)[)\]）】]")
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)

_BRACKET_PLACES = ("中国", "china", "prc")

# What is left of 北京大学 or 上海银行 without the place is no name at all: keep the place.
GENERIC_NAMES = frozenset(
    {
        "大学",
        "学院",
        "医院",
        "银行",
        "中学",
        "小学",
        "学校",
        "酒店",
        "宾馆",
        "饭店",
        "商场",
        "超市",
        "政府",
        "日报",
        "电视台",
        "图书馆",
        "博物馆",
        "机场",
        "火车站",
        "科技",
        "贸易",
        "实业",
        "商贸",
        "物流",
        "建设",
        "投资",
        "电子",
        "软件",
        "网络",
        "服务",
        "中心",
    }
)


def max_edits(length: int) -> int:
    """How many characters two normalised names of this length may differ by and still match."""
    if length >= 10:
        return 2
    if length >= 5:
        return 1
    return 0


@cache
def _places() -> tuple[str, ...]:
    return tuple(place_names())


def normalize_company_name(name: str) -> str:
    """The comparison key of a company name; empty when nothing distinctive is left."""
    key = unicodedata.normalize("NFKC", name).lower()
    # A place in brackets, as in 华为技术(深圳)有限公司, says where, not who.
    key = _BRACKETS.sub(lambda m: "" if _is_place(m.group(1)) else m.group(1), key)
    key = _NOISE.sub("", key)
    without_place = _strip_suffixes(_strip_places(key, prefix_only=True))
    if len(without_place) >= 2 and without_place not in GENERIC_NAMES:
        return without_place
    return _strip_suffixes(key)


def _strip_suffixes(key: str) -> str:
    changed = True
    while changed and key:
        changed = False
        for suffix in _LEGAL_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                changed = True
                break
    return key


@cache
def _place_prefix() -> re.Pattern[str]:
    """Leading place names, repeated (广东省深圳市…), longest alternatives first."""
    return re.compile("^(?:" + "|".join(re.escape(p) for p in _places()) + ")+")


def _is_place(text: str) -> bool:
    text = _NOISE.sub("", text)
    return text in _BRACKET_PLACES or _strip_places(text, prefix_only=False) == ""


def _strip_places(text: str, *, prefix_only: bool) -> str:
    """Remove leading place names; with ``prefix_only`` a name that is only a place stays."""
    stripped = _place_prefix().sub("", text, count=1)
    if prefix_only and not stripped:
        return text
    return stripped


def names_match(a: str, b: str) -> bool:
    """Whether two company names are the same or nearly so once normalised."""
    key_a, key_b = normalize_company_name(a), normalize_company_name(b)
    return keys_match(key_a, key_b)


def keys_match(key_a: str, key_b: str) -> bool:
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    allowed = max_edits(min(len(key_a), len(key_b)))
    return allowed > 0 and edit_distance(key_a, key_b, allowed) <= allowed


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning ``limit + 1``) once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def phone_key(number: str) -> str:
    """The comparison key of a phone number (digits, no country prefix)."""
    return normalize_phone(number)
