"""`kg build`: ingest files or folders into the store, write exports, print counts and failures."""
from __future__ import annotations

import os
from pathlib import Path

import click

from kg.cli.options import progress_bar
from kg.cli.options import store_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--exports", "exports_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"),
              show_default=True, help="Where graph.ttl and graph.html are written.")
@click.option("--no-exports", is_flag=True, help="Only update the store.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None, help="Run per-file extraction on a Dask cluster.")
@click.option("--city", default=None, help="The paper's city, to expand 市委… (default: detected per page).")
@click.option("--force", is_flag=True, help="Rebuild files even if unchanged since the last build.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def command(paths: tuple[Path, ...], store: Path | None, exports_dir: Path, no_exports: bool, jobs: int | None,
            scheduler: str | None, city: str | None, force: bool, quiet: bool) -> None:
    """Build the knowledge graph from text files or folders (default: seeds/).

    Unchanged files already in the store are skipped. A file that cannot be read is reported by
    name and the others are still built; the exit status is then 1.

    Example:

        kg build seeds/ --store .kg/store
    """
    import kg
    from kg.export import export
    from kg.pipeline.build import default_jobs
    from kg.views.html import write_view

    inputs = [str(p) for p in paths] or ["seeds"]
    missing = [p for p in inputs if not os.path.lexists(p)]  # a dangling link is a bad file, named by the build
    if len(missing) == len(inputs):  # a typo: say so before a store is made or the exports rewritten
        from kg.errors import KgError

        hint = "" if paths else " (give the files or folders to build)"
        raise KgError(f"{', '.join(missing)}: no such file or folder{hint}; nothing was built")
    jobs = jobs or default_jobs()
    with progress_bar("Building", quiet=quiet) as progress:
        graph = kg.build(inputs, store=store, jobs=jobs, scheduler=scheduler, city=city, force=force, progress=progress)
    with graph:
        s, report = graph.store, graph.report
        if s.recovered:
            click.echo(f"Removed {len(s.recovered)} file(s) partly loaded by an interrupted build; this build redoes them.")
        written = []
        if not no_exports:
            written.append(export(s, "ttl", exports_dir / "graph.ttl"))
            written.append(write_view(s, exports_dir / "graph.html"))
    click.echo(f"Built {len(report.built)} file(s), {report.articles} article(s); "
               f"{len(report.skipped)} unchanged, {len(report.failed)} failed. {report.triples} triples in {s.path}.")
    width = max(len(k) for k in report.counts) if report.counts else 0
    for cls, n in report.counts.items():
        click.echo(f"  {cls:<{width}}  {n:>6}")
    for p in written:
        click.echo(f"Wrote {p}")
    if report.failed:
        click.echo(f"{len(report.failed)} file(s) failed:", err=True)
        for f in report.failed:
            click.echo(f"  {_shown(str(f.path))}: {_shown(f.message)}", err=True)
        raise SystemExit(1)


def _shown(text: str) -> str:
    """A file name as bytes the terminal can show: a name that is not valid UTF-8 (its bytes kept by
    Python as surrogates) is written with `\\xff` escapes instead of failing to print."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
