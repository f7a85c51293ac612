"""The `kg` command: a thin click layer over the library.

Each command lives in kg/commands/<name>.py and is registered here. Library errors (KgError)
become a one-line message and exit status 1; bad usage exits 2 (click's own convention).
"""
from __future__ import annotations

import importlib
import sys

import click

from . import __version__
from .errors import KgError, UsageError

COMMANDS = ("build", "query", "export", "remove", "validate", "eval", "view", "stats", "serve", "push")


class KgGroup(click.Group):
    """Turns KgError into `Error: <one line>` with exit 1 instead of a traceback."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201
        try:
            return super().invoke(ctx)
        except UsageError as e:
            raise click.UsageError(str(e)) from None
        except KgError as e:
            raise click.ClickException(str(e)) from None


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Zhengwu KG: turn Chinese government news pages into a knowledge graph.

    Example:

        kg build seeds/ && kg query "SELECT ?p WHERE { ?p a zw:Person }"
    """


for _name in COMMANDS:
    try:
        _mod = importlib.import_module(f"kg.commands.{_name}")
    except ModuleNotFoundError as _e:
        if _e.name == f"kg.commands.{_name}":
            continue  # command not built yet
        raise
    main.add_command(_mod.command, _name)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
