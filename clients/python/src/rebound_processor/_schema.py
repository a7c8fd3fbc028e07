"""A JSON Schema (2020-12) validator for the subset of keywords Rebound's contract schemas use.

The schemas are a vendored copy of shared-events' (``schemas/v1``; ``sync-schemas.sh`` refreshes it). A keyword
this module does not know makes loading fail, so a schema change that needs new validation code is caught by the
tests rather than silently ignored.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from importlib import resources
from collections.abc import Callable
from typing import Any

# Keywords that only describe; they never reject an instance.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples",
                          "deprecated", "readOnly", "writeOnly"})

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DATE_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII)


@dataclass(frozen=True)
class Violation:
    """One reason an event is invalid: where (``data.run_id``) and why (``is required``)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class SchemaError(Exception):
    """A schema uses something this validator cannot check."""


def _is_date(value: str) -> bool:
    m = _DATE.fullmatch(value)
    if not m:
        return False
    try:
        datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return True


def _is_date_time(value: str) -> bool:
    m = _DATE_TIME.fullmatch(value)
    if not m or not _is_date(f"{m.group(1)}-{m.group(2)}-{m.group(3)}"):
        return False
    hour, minute, second = int(m.group(4)), int(m.group(5)), int(m.group(6))
    offset = m.group(8)
    if offset not in ("Z", "z") and (int(offset[1:3]) > 23 or int(offset[4:6]) > 59):
        return False
    return hour <= 23 and minute <= 59 and second <= 60


_FORMATS: dict[str, Callable[[str], bool]] = {"date": _is_date, "date-time": _is_date_time}


def _ecma_pattern(pattern: str) -> re.Pattern[str]:
    """A schema pattern (ECMA-262) as a Python regex: ASCII classes, and ``$`` only at the very end (Python's ``$``
    also matches before a final newline)."""
    out: list[str] = []
    escaped = in_class = False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == "]":
            in_class = False
            out.append(ch)
        elif ch == "$" and not in_class:
            out.append(r"\Z")
        else:
            out.append(ch)
    return re.compile("".join(out), re.ASCII)


_patterns: dict[str, re.Pattern[str]] = {}


def _matches(pattern: str, value: str) -> bool:
    if pattern not in _patterns:
        _patterns[pattern] = _ecma_pattern(pattern)
    return _patterns[pattern].search(value) is not None


def _type_matches(value: Any, name: str) -> bool:
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name == "string":
        return isinstance(value, str)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float))
    raise SchemaError(f"unknown type '{name}'")


def _describe(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


class Schema:
    """One compiled schema; :meth:`validate` returns every violation, sorted by path."""

    def __init__(self, document: dict[str, Any], name: str) -> None:
        self.name = name
        self.document = document
        _check_keywords(document, name)

    def validate(self, instance: Any, root: str = "data") -> list[Violation]:
        found: list[Violation] = []
        _validate(self.document, instance, root, found)
        return sorted(found, key=lambda v: v.path)

    def max_length(self, field: str) -> int | None:
        """The ``maxLength`` of a top-level string field, when the schema sets one."""
        bound = self.document.get("properties", {}).get(field, {}).get("maxLength")
        return bound if isinstance(bound, int) else None


_KNOWN = frozenset({"type", "enum", "const", "required", "properties", "additionalProperties", "items",
                    "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "format",
                    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
                    "minProperties", "maxProperties", "allOf", "if", "then", "else"})


def _check_keywords(schema: Any, where: str) -> None:
    if not isinstance(schema, dict):
        if isinstance(schema, bool):
            return
        raise SchemaError(f"{where}: a schema must be an object or a boolean")
    for key, value in schema.items():
        if key in _ANNOTATIONS:
            continue
        if key not in _KNOWN:
            raise SchemaError(f"{where}: keyword '{key}' is not supported by rebound_processor._schema; "
                              f"extend the validator before syncing this schema")
        if key == "properties":
            for field, sub in value.items():
                _check_keywords(sub, f"{where}.properties.{field}")
        elif key in ("items", "additionalProperties", "if", "then", "else"):
            _check_keywords(value, f"{where}.{key}")
        elif key == "allOf":
            for i, sub in enumerate(value):
                _check_keywords(sub, f"{where}.allOf[{i}]")
        elif key == "pattern":
            try:
                _ecma_pattern(value)
            except re.error as e:
                raise SchemaError(f"{where}.pattern: {e}") from e


def _validate(schema: Any, value: Any, path: str, found: list[Violation]) -> None:
    if schema is True:
        return
    if schema is False:
        found.append(Violation(path, "is not allowed"))
        return
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_type_matches(value, t) for t in types):
            found.append(Violation(path, f"must be of type {' or '.join(types)}, was {_describe(value)}"))
            return
    if "enum" in schema and value not in schema["enum"]:
        found.append(Violation(path, f"must be one of {', '.join(map(str, schema['enum']))}, was {_describe(value)}"))
    if "const" in schema and value != schema["const"]:
        found.append(Violation(path, f"must be {_describe(schema['const'])}, was {_describe(value)}"))
    if isinstance(value, str):
        _validate_string(schema, value, path, found)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        _validate_number(schema, value, path, found)
    elif isinstance(value, dict):
        _validate_object(schema, value, path, found)
    elif isinstance(value, list):
        _validate_array(schema, value, path, found)
    for sub in schema.get("allOf", []):
        _validate(sub, value, path, found)
    if "if" in schema:
        # a condition only chooses what else applies: its own violations are not the instance's
        condition: list[Violation] = []
        _validate(schema["if"], value, path, condition)
        branch = schema.get("else" if condition else "then")
        if branch is not None:
            _validate(branch, value, path, found)


def _validate_string(schema: dict[str, Any], value: str, path: str, found: list[Violation]) -> None:
    length = len(value)  # code points, as JSON Schema counts
    if "minLength" in schema and length < schema["minLength"]:
        found.append(Violation(path, f"must be at least {schema['minLength']} characters long"))
    if "maxLength" in schema and length > schema["maxLength"]:
        found.append(Violation(path, f"must be at most {schema['maxLength']} characters long, was {length}"))
    if "pattern" in schema and not _matches(schema["pattern"], value):
        found.append(Violation(path, f"does not match the pattern {schema['pattern']}: {_describe(value)}"))
    check = _FORMATS.get(schema.get("format", ""))
    if check is not None and not check(value):
        found.append(Violation(path, f"is not a valid {schema['format']}: {_describe(value)}"))


def _validate_number(schema: dict[str, Any], value: float, path: str, found: list[Violation]) -> None:
    if "minimum" in schema and value < schema["minimum"]:
        found.append(Violation(path, f"must be >= {schema['minimum']}, was {value}"))
    if "maximum" in schema and value > schema["maximum"]:
        found.append(Violation(path, f"must be <= {schema['maximum']}, was {value}"))
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        found.append(Violation(path, f"must be > {schema['exclusiveMinimum']}, was {value}"))
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        found.append(Violation(path, f"must be < {schema['exclusiveMaximum']}, was {value}"))
    if "multipleOf" in schema and (value / schema["multipleOf"]) % 1 != 0:
        found.append(Violation(path, f"must be a multiple of {schema['multipleOf']}, was {value}"))


def _validate_object(schema: dict[str, Any], value: dict[str, Any], path: str, found: list[Violation]) -> None:
    for field in schema.get("required", []):
        if field not in value:
            found.append(Violation(f"{path}.{field}", "is required"))
    if "minProperties" in schema and len(value) < schema["minProperties"]:
        found.append(Violation(path, f"must have at least {schema['minProperties']} fields"))
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        found.append(Violation(path, f"must have at most {schema['maxProperties']} fields"))
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for field, item in value.items():
        if field in properties:
            _validate(properties[field], item, f"{path}.{field}", found)
        elif extra is False:
            found.append(Violation(f"{path}.{field}", "is not a known field"))
        elif isinstance(extra, dict):
            _validate(extra, item, f"{path}.{field}", found)


def _validate_array(schema: dict[str, Any], value: list[Any], path: str, found: list[Violation]) -> None:
    if "minItems" in schema and len(value) < schema["minItems"]:
        found.append(Violation(path, f"must have at least {schema['minItems']} items"))
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        found.append(Violation(path, f"must have at most {schema['maxItems']} items, had {len(value)}"))
    if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) != len(value):
        found.append(Violation(path, "must not repeat items"))
    if "items" in schema:
        for i, item in enumerate(value):
            _validate(schema["items"], item, f"{path}[{i}]", found)


_cache: dict[str, Schema] = {}


def schema_for(ce_type: str) -> Schema:
    """The vendored schema of a ce-type (``pipeline.processor.started.v1``), compiled once."""
    if ce_type not in _cache:
        resource = resources.files(__package__).joinpath("schemas").joinpath("v1").joinpath(f"{ce_type}.json")
        try:
            document = json.loads(resource.read_text(encoding="utf-8"))
        except FileNotFoundError as e:
            raise SchemaError(f"no schema for ce-type '{ce_type}'") from e
        _cache[ce_type] = Schema(document, ce_type)
    return _cache[ce_type]


def vendored_types() -> list[str]:
    """Every ce-type the vendored copy has a schema for."""
    folder = resources.files(__package__).joinpath("schemas").joinpath("v1")
    return sorted(p.name[:-len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))
