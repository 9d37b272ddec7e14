"""Validating an evidence file against ``schemas/evidence.schema.json`` (JSON Schema 2020-12, with
:mod:`jsonschema`), and saying in one line where a file first breaks it.

The schema states the file's shape: which fields, their types, the claim id and hash forms, the
kinds of body, one status per claim.  :mod:`.jsonfile` checks only what a schema cannot say
(``end = start + len(exact)``, references between claims and entities, time stamps that are not in
the future) after this has passed.  The message never repeats the offending value: a file is
untrusted input and its values may be huge or hold terminal escapes.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..textutil import display

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

SCHEMA_NAME = "evidence.schema.json"


def schema_path() -> Path:
    """The schema file: shipped in the package (a wheel), else ``schemas/`` of the checkout."""
    here = Path(__file__).resolve()
    for candidate in (here.with_name(SCHEMA_NAME), here.parents[2] / "schemas" / SCHEMA_NAME):
        if candidate.is_file():
            return candidate
    raise InputError(f"the evidence file schema ({SCHEMA_NAME}) is missing from this installation")


@lru_cache(maxsize=1)
def validator() -> Validator:
    """The validator of the schema, its local ``$ref``s resolved once (validation runs about 20%
    faster than following each reference while validating)."""
    import jsonschema

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls({k: v for k, v in _inline(schema, schema.get("$defs", {})).items() if k != "$defs"})


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """``node`` with every ``#/$defs/...`` reference replaced by the definition (a reference's
    siblings, such as its description, kept)."""
    if isinstance(node, list):
        return [_inline(x, defs) for x in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    rest = {k: _inline(v, defs) for k, v in node.items() if k != "$ref"}
    if isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] in defs:
        return {**_inline(defs[ref[8:]], defs), **rest}
    return rest if ref is None else {**rest, "$ref": ref}


def schema_problem(doc: Any) -> str | None:
    """One line naming where ``doc`` first breaks the schema, or None when it conforms."""
    import jsonschema

    try:
        error = jsonschema.exceptions.best_match(validator().iter_errors(doc))
    except RecursionError:
        return "nested too deeply"
    if error is None:
        return None
    error = _kind_error(error)
    return f"{_where(list(error.absolute_path)) or 'the file'}: {_message(error)}"


def _kind_error(error: ValidationError) -> ValidationError:
    """For an entry that matches none of its kinds (a body), the error of the kind its ``purpose``
    names: "body[0].value: must be one of ..." says more than "not a known kind of entry"."""
    import jsonschema

    if error.validator != "oneOf" or not isinstance(error.instance, dict):
        return error
    kinds = [k for k, branch in enumerate(error.validator_value)
             if branch.get("properties", {}).get("purpose", {}).get("const") == error.instance.get("purpose")]
    if len(kinds) != 1:
        return error
    inner = [e for e in error.context or () if e.relative_schema_path and e.relative_schema_path[0] == kinds[0]]
    return jsonschema.exceptions.best_match(inner) or error


def _where(path: list[str | int]) -> str:
    """A place in the file as a reader counts it: ``annotation #3.target.selector[1].end``."""
    def steps(parts: list[str | int]) -> str:
        return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)

    if len(path) >= 3 and path[:2] == ["first", "items"] and isinstance(path[2], int):
        return f"annotation #{path[2] + 1}{steps(path[3:])}"
    if len(path) >= 2 and path[0] in ("sources", "entities") and isinstance(path[1], int):
        return f"{'source' if path[0] == 'sources' else 'entity'} #{path[1] + 1}{steps(path[2:])}"
    return steps(path).lstrip(".")


_PATTERNS = (("uuid", "is not a claim id (not a UUID: urn:uuid:...)"),
             ("{64}", "is not a source hash (not a SHA-256 hex digest)"),
             ("entity", "is not an entity id (urn:workbench:entity:<number>)"))


def _message(error: ValidationError) -> str:
    """The validator's message without the (untrusted, possibly huge) offending value in it."""
    v, value = error.validator, error.validator_value
    if v == "type":
        return f"must be {'an' if str(value)[0] in 'aeiou' else 'a'} {value}"
    if v == "const":
        return f"must be {json.dumps(value)}"
    if v == "enum":
        return "must be one of " + ", ".join(json.dumps(x) for x in value)
    if v == "required":
        return short(error.message.replace("is a required property", "is missing"))
    if v == "pattern":
        return next((said for key, said in _PATTERNS if key in str(value)), f"does not have the form {value}")
    if v in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
        return f"breaks {v} {value}"
    if v in ("oneOf", "anyOf"):
        return "is not a known kind of entry (check its type, purpose and fields)"
    if v in ("contains", "minContains", "maxContains"):
        return "needs exactly one status (an \"assessing\" body)"
    if v == "additionalProperties":
        return "has a field that does not belong there"
    return short(error.message)


def short(message: str, limit: int = 160) -> str:
    """``message`` on one line, safe to show, at most ``limit`` characters."""
    message = display(" ".join(message.split()), oneline=True)
    return message if len(message) <= limit else message[:limit - 1] + "…"
