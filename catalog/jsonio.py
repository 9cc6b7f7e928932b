"""JSON in: the nesting and storability checks every JSON body passes (requests, harvested
pages, the CKAN action API's parameters), without Flask: services and harvesters use it.

JSON out through Flask (the orjson provider, answers spliced from encoded parts, the request
guard) is catalog/jsonweb.py.
"""

from __future__ import annotations

import json
import re
from array import array
from itertools import accumulate
from typing import Any

import orjson

from catalog.errors import ServiceError

# Deepest nesting of arrays and objects accepted in a JSON body. The dataset profile needs 4;
# Python's parser recurses once per level and fails with RecursionError (a 500) near 1,000.
MAX_JSON_DEPTH = 64
_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = re.compile(rb"[^\[\]{}]+")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


class JsonTooDeep(ServiceError, code="json_too_deep"):
    def __init__(self) -> None:
        super().__init__(
            f"JSON terlalu dalam: paling banyak {MAX_JSON_DEPTH} tingkat larik/objek bersarang."
        )


def json_depth(text: bytes | str) -> int:
    """The deepest nesting of arrays and objects in a JSON text, without parsing it (brackets
    inside strings do not count). Linear in the length; never recurses."""
    data = text.encode() if isinstance(text, str) else text
    brackets = _NOT_BRACKETS.sub(b"", _STRINGS.sub(b"", data))
    if not brackets:
        return 0
    return max(accumulate(array("b", brackets.translate(_STEPS))))


def check_depth(text: bytes | str) -> None:
    data = text.encode() if isinstance(text, str) else text
    if data.count(b"[") + data.count(b"{") <= MAX_JSON_DEPTH:
        return  # too few brackets to nest that deep
    if json_depth(data) > MAX_JSON_DEPTH:
        raise JsonTooDeep()


def loads(text: bytes | str) -> Any:
    """json.loads for text from outside: JsonTooDeep (400) instead of a RecursionError."""
    check_depth(text)
    return json.loads(text)


class JsonNotStorable(ServiceError):
    """JSON the standard parser reads but nothing after it can keep or answer with: lone
    surrogate escapes and NaN/Infinity (no UTF-8, not JSON: the databases and orjson refuse
    them) and integers beyond 64 bits (no database column or JSON encoder here holds them)."""


# Integer literals of 19 digits or more, outside strings: the only ones that may leave int64.
_LONG_INTEGERS = re.compile(rb"-?\d{19,}(?![\d.eE])")


def check_storable(body: bytes) -> None:
    try:
        orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise JsonNotStorable("Badan permintaan bukan JSON yang sah.") from exc
    for number in _LONG_INTEGERS.findall(_STRINGS.sub(b"", body)):
        if not -(2**63) <= int(number) < 2**63:
            raise JsonNotStorable(
                "Bilangan bulat terlalu besar: paling banyak 64 bit "
                "(-9223372036854775808 sampai 9223372036854775807)."
            )
