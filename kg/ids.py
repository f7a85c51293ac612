"""The only place IRIs are minted: from kind and normalised label, never from order or chance.

So the same inputs give the same IRIs on any machine, and graphs built apart merge by union.
"""
from __future__ import annotations

import unicodedata

from .types import Entity

ZWID = "https://w3id.org/zhengwu-kg/id/"
ONTOLOGY_GRAPH = ZWID + "graph/ontology"
SOURCES_GRAPH = ZWID + "graph/sources"

KIND_PATH = {
    "person": "person",
    "org": "org",
    "post": "post",
    "role": "role",
    "meeting": "meeting",
    "document": "document",
    "project": "project",
    "place": "place",
    "visit": "visit",
    "holding": "holding",
    "article": "article",
}
# characters not allowed in an IRI (RFC 3987 ipath) or that would change its structure
_ESCAPE = set(' <>"{}|\\^`%#?/[]')


def segment(label: str) -> str:
    """One IRI path segment for a label: NFC, with only the disallowed characters percent-encoded."""
    out = []
    for ch in unicodedata.normalize("NFC", label.strip()):
        if ch in _ESCAPE or ord(ch) < 0x21 or 0x7F <= ord(ch) <= 0x9F or 0xFFF0 <= ord(ch) <= 0xFFFF or 0xD800 <= ord(ch) <= 0xDFFF:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out) or "%20"


def entity_iri(entity: Entity) -> str:
    """`zwid:<kind>/<label>`; an article's label is its key `<stem>/<n>` (kept as two segments)."""
    if entity.kind == "article":
        stem, _, n = entity.label.rpartition("/")
        return article_iri(stem, int(n))
    return f"{ZWID}{KIND_PATH[entity.kind]}/{segment(entity.label)}"


def article_iri(stem: str, index: int) -> str:
    return f"{ZWID}article/{segment(stem)}/{index}"


def source_iri(name: str) -> str:
    return f"{ZWID}source/{segment(name)}"


def holding_iri(person: str, post: str) -> str:
    return f"{ZWID}holding/{segment(person)}/{segment(post)}"


def role_iri(role: str) -> str:
    return f"{ZWID}role/{segment(role)}"
