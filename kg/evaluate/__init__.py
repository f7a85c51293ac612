"""`kg eval`: precision, recall and F1 of the graph against hand annotations (tests/gold/SCHEMA.md).

`run` holds the fixed list of scorers and sums their counts over the gold files; `people` and
`events` are the scorers; `match` says how a prediction matches a gold string; `score` does the
arithmetic.
"""
from kg.evaluate.match import norm, norm_org
from kg.evaluate.people import role_class
from kg.evaluate.run import SCORERS, Scorer, compare, evaluate, gold_docs, gold_files, store_for
from kg.evaluate.score import KindResult, Score

__all__ = ["SCORERS", "KindResult", "Score", "Scorer", "compare", "evaluate", "gold_docs", "gold_files", "norm",
           "norm_org", "role_class", "store_for"]
