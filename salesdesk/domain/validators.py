"""Field checks for Chinese business data: credit codes, mobile numbers, e-mail, times.

Each check returns ``None`` when the value is fine, or ``(code, message)``;
the code is stable so the UI can show a translated message.
"""

from __future__ import annotations

import re

# GB 32100-2015: 统一社会信用代码, 18 characters from this alphabet (no I, O, S, V, Z).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    """The 18th (check) character of a unified social credit code."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(ch) * weight
        for ch, weight in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(value: str) -> tuple[str, str] | None:
    code = value.upper()
    if len(code) != 18 or any(ch not in CREDIT_CODE_ALPHABET for ch in code):
        return ("invalid_credit_code", "a unified social credit code has 18 letters and digits")
    if credit_code_check_char(code[:17]) != code[17]:
        return ("invalid_credit_code", "the check character of this credit code is wrong")
    return None


def normalize_phone(value: str) -> str:
    """Digits as dialled inside mainland China: the form used to compare numbers.

    ``+86 755 2878 0808`` and ``0755-28780808`` compare equal, as do
    ``+86 138 0013 8000`` and ``13800138000``.
    """
    digits = re.sub(r"\D", "", value)
    international = value.strip().startswith("+") or digits.startswith("00")
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and (international or prefix == "0086" or len(digits) == 13):
            digits = digits[len(prefix) :]
            mobile = re.fullmatch(r"1[3-9]\d{9}", digits) is not None
            if digits and not mobile and not digits.startswith("0"):  # a landline: trunk 0 back
                digits = "0" + digits
            break
    return digits


def check_mobile(value: str) -> tuple[str, str] | None:
    if not re.fullmatch(r"[+\d][\d\s\-()]{5,24}", value):
        return ("invalid_phone", "use digits, spaces, dashes and an optional leading +")
    digits = normalize_phone(value)
    if value.startswith("+") and not value.startswith("+86"):
        if 7 <= len(digits) <= 15:
            return None
        return ("invalid_phone", "an international number has 7 to 15 digits")
    if not re.fullmatch(r"1[3-9]\d{9}", digits):
        return ("invalid_mobile", "a mainland mobile number has 11 digits and starts with 13–19")
    return None


def check_phone(value: str) -> tuple[str, str] | None:
    if not re.fullmatch(r"[+\d][\d\s\-()]{5,24}", value):
        return ("invalid_phone", "use digits, spaces, dashes and an optional leading +")
    return None


def check_email(value: str) -> tuple[str, str] | None:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        return ("invalid_email", "an e-mail address looks like name@example.com")
    return None


def check_time_of_day(value: str) -> tuple[str, str] | None:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return ("invalid_time", "a time of day looks like 18:00")
    return None


def check_period(value: str) -> tuple[str, str] | None:
    if not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?", value):
        return ("invalid_period", "a period looks like 2026-11, 2026-Q4 or 2026")
    return None
