"""`kg stats`: counts per class and relation, and the most central people and organisations."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import open_for_reading
from kg.cli.options import store_option
from kg.query import display_width


def _pad(text: str, width: int) -> str:
    """Left-align in `width` terminal columns (Chinese characters take two); cut with … if longer."""
    if display_width(text) > width:
        while text and display_width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - display_width(text))


@click.command()
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many central entities to list.")
@click.option("--mentions", is_flag=True, help="Count zw:mentions as a relation when ranking (it always appears in the counts).")
@store_option
def command(top: int, mentions: bool, store: Path | None) -> None:
    """Print entities per class, relations per kind, and the most central people and organisations.

    Centrality is over the graph `kg view` draws: degree counts relations, betweenness how often
    an entity lies on the shortest connection between two others (estimated on big graphs).

    Example:

        kg stats --top 5
    """
    from kg.views import graph as gv

    with open_for_reading(store) as s:
        G = gv.load(s, mentions=True)
    per_class, per_rel = gv.counts(G)
    if not mentions:
        G.remove_edges_from([(u, v, k) for u, v, k in G.edges(keys=True) if k == gv.MENTIONS])
    click.echo(f"Classes ({sum(per_class.values())} entities)")
    for name, n in per_class.items():
        click.echo(f"  {name:<16}{_pad(gv.CLASS_BY_NAME[name].zh, 8)}{n:>7}")
    click.echo(f"Relations ({sum(per_rel.values())} edges)")
    for curie, n in per_rel.items():
        click.echo(f"  {curie:<20}{_pad(gv.relation(curie).zh, 8)}{n:>7}")
    for title, classes in (("People", ["Person"]), ("Organisations", ["Organization"])):
        by_degree, by_btw = gv.centrality(G, classes, top)
        click.echo(f"{title} (top {top})")
        click.echo(f"  {_pad('by degree', 30)}  by betweenness")
        for i in range(max(len(by_degree), len(by_btw))):
            left = f"{_pad(by_degree[i].label, 22)}{by_degree[i].degree:>8}" if i < len(by_degree) else " " * 30
            right = f"{_pad(by_btw[i].label, 22)}{by_btw[i].betweenness:>8.4f}" if i < len(by_btw) else ""
            click.echo(f"  {left}  {right}".rstrip())
        if not by_degree:
            click.echo("  (none)")
