"""The only place IRIs are minted: from kind and normalised label, never from order or chance.

So the same inputs give the same IRIs on any machine, and graphs built apart merge by union.
"""
from __future__ import annotations

import unicodedata

from kg.rdf.namespace import ZWID
from kg.records import Entity

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
    "appointment": "appointment",
}
# characters not allowed in an IRI (RFC 3987 ipath) or that would change its structure
_ESCAPE = set(' <>"{}|\\^`%#?/[]')


def _allowed(ch: str) -> bool:
    """RFC 3987 ipath characters: ASCII unreserved/sub-delims, or `ucschar` (no private use,
    no noncharacters such as U+FFFE or U+2FFFE, no surrogates)."""
    o = ord(ch)
    if o < 0x80:
        return 0x21 <= o < 0x7F and ch not in _ESCAPE
    if (o & 0xFFFE) == 0xFFFE or 0xFDD0 <= o <= 0xFDEF:
        return False
    return 0xA0 <= o <= 0xD7FF or 0xF900 <= o <= 0xFDCF or 0xFDF0 <= o <= 0xFFEF or 0x10000 <= o <= 0xEFFFD and not 0xE0000 <= o <= 0xE0FFF


def path_segment(label: str) -> str:
    """One IRI path segment for a label: NFC, with only the disallowed characters percent-encoded."""
    out = []
    for ch in unicodedata.normalize("NFC", label.strip()):
        if _allowed(ch):
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
    return "".join(out) or "%20"


def entity_iri(entity: Entity) -> str:
    """`zwid:<kind>/<label>`; an article's label is its key `<stem>/<n>` (kept as two segments)."""
    if entity.kind == "article":
        stem, _, n = entity.label.rpartition("/")
        return article_iri(stem, int(n))
    if entity.kind == "holding":
        # label: the post; qualifier: the holder's name and, for a career record, jurisdiction
        person, _, where = entity.qualifier.partition("/")
        return holding_iri(person, entity.label, where)
    iri = f"{ZWID}{KIND_PATH[entity.kind]}/{path_segment(entity.label)}"
    if entity.qualifier:
        # what tells two of one label apart: zwid:person/王刚/四川, zwid:appointment/…/2018-09-05/四川
        iri += "".join("/" + path_segment(part) for part in entity.qualifier.split("/"))
    return iri


def article_iri(stem: str, index: int) -> str:
    return f"{ZWID}article/{path_segment(stem)}/{index}"


def source_iri(name: str) -> str:
    return f"{ZWID}source/{path_segment(name)}"


def holding_iri(person: str, post: str, where: str = "") -> str:
    """`zwid:holding/<person>/<post>`; a person told apart by jurisdiction adds it after the name."""
    middle = f"/{path_segment(where)}" if where else ""
    return f"{ZWID}holding/{path_segment(person)}{middle}/{path_segment(post)}"


def role_iri(role: str) -> str:
    return f"{ZWID}role/{path_segment(role)}"
