"""Reads of ledgers, report forms and the field dictionary, always through `visible_to`."""

from __future__ import annotations

from collections.abc import Iterable

from .dictionary import active_sources, build_index, normalise


def fields_overlap(*, field_names: Iterable[str]) -> list[dict]:
    """The given field names that an active ledger type, report form or platform already demands.

    Used by the 准入 findings: a request bringing a form or ledger whose fields duplicate
    existing ones is flagged with this overlap. Names resolve through the same normalisation,
    synonyms and confirmed mappings as the duplicate analysis; a name that maps onto no
    canonical field still overlaps an identical (normalised) field name elsewhere. Pure read,
    five queries whatever the input.
    """
    names = [n for n in field_names if str(n or "").strip()]
    if not names:
        return []
    index = build_index()
    demanded: dict[str, list[str]] = {}
    for source in active_sources():
        for name in source.fields:
            labels = demanded.setdefault(index.key(source.kind, source.id, name), [])
            if source.label not in labels:
                labels.append(source.label)
    result = []
    for name in names:
        canonical = index.canonical_for_name(name)
        key = canonical.name if canonical else normalise(name)
        if demanded.get(key):
            result.append({"field": name, "canonical": key, "demanded_by": list(demanded[key])})
    return result
