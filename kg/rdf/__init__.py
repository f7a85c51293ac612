"""Stage 3 — RDF: facts become quads under the ontology.

`ids` is the only place IRIs are minted, `namespace` the vocabulary as Python names (generated from
ontology/zhengwu.ttl), `assemble` the one mapping from an article's facts to its named graph.
"""
