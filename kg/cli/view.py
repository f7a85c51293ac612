"""`kg view`: the interactive HTML network (whole graph, a focus, some classes, or a path)."""
from __future__ import annotations

import re
from pathlib import Path

import click

from kg.cli.options import open_for_reading
from kg.cli.options import store_option


def _slug(text: str) -> str:
    """A file-name-safe form of a label (Chinese kept; separators and controls replaced)."""
    s = re.sub(r'[\\/:*?"<>|\s\x00-\x1f\x7f]+', "_", text).strip("._") or "view"
    return s[:60]


def default_output(focus: str | None, path: tuple[str, str] | None, types: str | None) -> Path:
    """exports/graph.html, or exports/view-<focus>.html, path-<a>-<b>.html, view-<types>.html."""
    if path:
        return Path("exports") / f"path-{_slug(path[0])}-{_slug(path[1])}.html"
    if focus:
        return Path("exports") / f"view-{_slug(focus)}.html"
    if types:
        return Path("exports") / f"view-{_slug(types.replace(',', '-'))}.html"
    return Path("exports") / "graph.html"


@click.command()
@click.option("--focus", metavar="LABEL", default=None,
              help="Show the entities around this one (a label, an alias, or an IRI such as zwid:person/李亚).")
@click.option("--hops", type=click.IntRange(min=0), default=None, help="How far from --focus to go (default 1).")
@click.option("--types", metavar="CLASSES", default=None,
              help="Only these classes, e.g. Person,Meeting (of Person, Organization, Post, Meeting, "
                   "PolicyDocument, Project, Place, Visit, Article).")
@click.option("--path", "path_between", nargs=2, metavar="A B", default=None,
              help="The shortest connection between two entities.")
@click.option("--mentions", is_flag=True, help="Also draw zw:mentions (article -> every entity it names).")
@click.option("--career", metavar="NAME", default=None,
              help="A timeline of a person's posts instead (a name, or an IRI such as zwid:person/王刚/四川).")
@click.option("--succession", metavar="POST", default=None,
              help="A timeline of who held a post instead (a post's label or IRI).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file (default: exports/graph.html, exports/view-<focus>.html or exports/path-<a>-<b>.html).")
@store_option
def command(focus: str | None, hops: int | None, types: str | None, path_between: tuple[str, str] | None,
            mentions: bool, career: str | None, succession: str | None, output: Path | None, store: Path | None) -> None:
    """Write an interactive network of the graph as one offline HTML page.

    Colour and shape show the class, size the number of relations; hover for the evidence
    sentence, search by name, and tick classes on or off. A name that fits several entities is
    listed instead of guessed: give the IRI then.

    Example:

    \b
        kg view --focus 李亚 --hops 2
        kg view --types Person,Meeting
        kg view --path 刘宛康 赵会生 -o path.html
        kg view --career 王刚              # exports/career-王刚.html
    """
    if career or succession:
        _timeline(career, succession, output, store)
        return
    from kg.views import graph as gv
    from kg.errors import UsageError
    from kg.views.html import describe_selection, write_html

    if hops is not None and focus is None:
        raise UsageError("--hops needs --focus")
    hops = 1 if hops is None else hops
    path_between = tuple(path_between) if path_between else None
    with open_for_reading(store) as s:
        G = gv.select(s, focus=focus, hops=hops, types=types, path_between=path_between, mentions=mentions)
    out = output or default_output(focus, path_between, types)
    write_html(G, out, subtitle=describe_selection(G, hops))
    if G.graph.get("path"):
        click.echo(" → ".join(G.nodes[n]["label"] for n in G.graph["path"]))
        if G.graph.get("via_mentions"):
            click.echo("(no chain of relations links them; this one goes through articles that mention them)")
    click.echo(f"Wrote {out} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")


def _timeline(career: str | None, succession: str | None, output: Path | None, store: Path | None) -> None:
    """`--career NAME` / `--succession POST`: an offline HTML timeline (kg/views/timeline.py)."""
    from kg.errors import UsageError
    from kg.views import timeline

    if career and succession:
        raise UsageError("give --career or --succession, not both")
    with open_for_reading(store) as s:
        if career:
            data = timeline.career_data(s, career)
            title, out = f"{career} 任职经历", output or Path("exports") / f"career-{_slug(career)}.html"
        else:
            data = timeline.succession_data(s, succession or "")
            title, out = f"{succession} 历任", output or Path("exports") / f"succession-{_slug(succession or '')}.html"
    timeline.write_timeline(data, out, title=title)
    lanes = sum(len(sec["lanes"]) for sec in data["sections"])
    click.echo(f"Wrote {out} ({len(data['sections'])} section(s), {lanes} holding(s))")
