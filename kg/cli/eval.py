"""`kg eval`: precision, recall and F1 per kind against gold annotations."""
from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.options import store_option


@click.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--details", is_flag=True, help="Also list the false positives and false negatives of each kind.")
@click.option("--force", is_flag=True, help="Rebuild PATHs even if unchanged since the last build.")
def command(gold_dir: Path, paths: tuple[Path, ...], store: Path | None, fmt: str, details: bool, force: bool) -> None:
    """Score the graph against the gold files (*.json) in GOLD_DIR.

    PATHs (default: seeds/) are built into the store first when given, or when the store lacks a
    text a gold file names; otherwise the graph in the store is scored as it is. People match
    exactly; organisations and posts match without a leading city name, 中共, or 人民政府 vs 政府
    (see kg/evaluate/match.py). Counts are summed over the gold files.

    Example:

        kg eval tests/gold seeds/ --store /tmp/evalstore --details
    """
    from kg.evaluate import compare, store_for

    s, failed = store_for(gold_dir, [str(p) for p in paths], store, force)
    for f in failed:
        click.echo(f"{f.path}: {f.message}", err=True)
    with s:
        results = compare(gold_dir, s)
    if fmt == "json":
        out: dict = {"scores": [r.score.as_dict() for r in results]}
        if details:
            out["details"] = {
                r.score.kind: {
                    "false_positives": [[doc, _plain(x)] for doc, x in r.false_positives],
                    "false_negatives": [[doc, _plain(x)] for doc, x in r.false_negatives],
                }
                for r in results
            }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    width = max([len("kind")] + [len(r.score.kind) for r in results])
    click.echo(f"{'kind':<{width}}  {'P':>6}  {'R':>6}  {'F1':>6}  tp/fp/fn")
    for r in results:
        sc = r.score
        click.echo(f"{sc.kind:<{width}}  {sc.precision:6.3f}  {sc.recall:6.3f}  {sc.f1:6.3f}  {sc.tp}/{sc.fp}/{sc.fn}")
    if details:
        for r in results:
            if not (r.false_positives or r.false_negatives):
                continue
            click.echo(f"\n{r.score.kind}:")
            for doc, x in r.false_positives:
                click.echo(f"  FP  {doc}  {_show(x)}")
            for doc, x in r.false_negatives:
                click.echo(f"  FN  {doc}  {_show(x)}")


def _plain(x: object) -> object:
    return list(x) if isinstance(x, tuple) else x


def _show(x: object) -> str:
    return " | ".join(map(str, x)) if isinstance(x, tuple) else str(x)
