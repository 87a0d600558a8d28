"""The 一表通 field dictionary in memory: name normalisation and resolution of any field of a
ledger type, report form or information platform onto a canonical field.

One `FieldIndex` is built with a fixed number of queries and then answers every lookup, so
the overlap check, the duplicate analysis and the mapping suggestions agree by construction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation

from .models import CanonicalField, CatalogStatus, FieldMapping, LedgerType, ReportForm, SourceKind

_SPACES = re.compile(r"\s+")
_TRAILING = ":：*"


def normalise(name: str) -> str:
    """Trim, fold full-width to half-width (NFKC), drop inner spaces and a trailing colon."""
    text = unicodedata.normalize("NFKC", str(name or ""))
    text = _SPACES.sub("", text).strip(_TRAILING)
    return text.lower()


@dataclass(frozen=True)
class Source:
    """One form that demands fields: a ledger type, a report form or a platform."""

    kind: str
    id: int
    code: str
    name: str
    department: str
    fields: tuple[str, ...]
    frequency: str = ""

    @property
    def label(self) -> str:
        """How a page names it, in the reader's language: "台账 L01 低保台账" / "Ledger L01 低保台账".
        Decide by `kind`, never by this text."""
        return f"{SourceKind(self.kind).label} {self.code} {self.name}"

    @property
    def stored_label(self) -> str:
        """The label as stored with the data (FieldMapping.source_label): always Chinese."""
        with translation.override(settings.LANGUAGE_CODE):
            return self.label


@dataclass
class FieldIndex:
    canonicals: dict[int, CanonicalField] = field(default_factory=dict)
    by_name: dict[str, CanonicalField] = field(default_factory=dict)
    # (kind, source id, normalised field name) → mapping
    mappings: dict[tuple[str, int, str], FieldMapping] = field(default_factory=dict)

    def canonical_for_name(self, name: str) -> CanonicalField | None:
        return self.by_name.get(normalise(name))

    def resolve(self, kind: str, source_id: int, name: str) -> CanonicalField | None:
        """The canonical field of one source's field: its mapping first, then name and synonyms."""
        mapping = self.mappings.get((kind, source_id, normalise(name)))
        if mapping is not None and (mapping.canonical_id or mapping.status == FieldMapping.Status.CONFIRMED):
            return self.canonicals.get(mapping.canonical_id) if mapping.canonical_id else None
        return self.canonical_for_name(name)

    def key(self, kind: str, source_id: int, name: str) -> str:
        """Grouping key: the canonical name, or the normalised name of an unmapped field."""
        canonical = self.resolve(kind, source_id, name)
        return canonical.name if canonical else normalise(name)


def build_index() -> FieldIndex:
    """Two queries: the dictionary and the mappings."""
    index = FieldIndex()
    for canonical in CanonicalField.objects.all():
        index.canonicals[canonical.pk] = canonical
        for synonym in canonical.synonyms or []:
            index.by_name.setdefault(normalise(synonym), canonical)
    # Canonical names win over another field's synonym.
    for canonical in index.canonicals.values():
        index.by_name[normalise(canonical.name)] = canonical
    confirmed_names: dict[str, CanonicalField] = {}
    for mapping in FieldMapping.objects.all():
        index.mappings[(mapping.source_kind, mapping.source_id, normalise(mapping.field_name))] = mapping
        if mapping.status == FieldMapping.Status.CONFIRMED and mapping.canonical_id in index.canonicals:
            confirmed_names[normalise(mapping.field_name)] = index.canonicals[mapping.canonical_id]
    # A name the district confirmed once is recognised everywhere it appears.
    for name, canonical in confirmed_names.items():
        index.by_name.setdefault(name, canonical)
    return index


def _names(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = re.split(r"[、,，]", value)
    return tuple(str(v).strip() for v in (value or []) if str(v).strip())


def active_sources(*, kinds: Iterable[str] = tuple(SourceKind.values)) -> list[Source]:
    """Every active ledger type, active report form and platform (one query each)."""
    from inspections.models import Platform

    kinds = set(kinds)
    querysets = []
    if SourceKind.LEDGER in kinds:
        querysets.append((SourceKind.LEDGER, LedgerType.objects.filter(status=CatalogStatus.ACTIVE)))
    if SourceKind.REPORT in kinds:
        querysets.append((SourceKind.REPORT, ReportForm.objects.filter(status=CatalogStatus.ACTIVE)))
    if SourceKind.PLATFORM in kinds:
        querysets.append((SourceKind.PLATFORM, Platform.objects.all()))
    return [
        Source(
            kind,
            obj.pk,
            obj.code,
            obj.name,
            obj.department.name,
            _names(obj.fields),
            getattr(obj, "frequency", ""),
        )
        for kind, queryset in querysets
        for obj in queryset.select_related("department")
    ]
