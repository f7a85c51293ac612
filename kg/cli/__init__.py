"""The `kg` command: a thin click layer over the library.

Each command lives in kg/cli/<name>.py and is listed in COMMANDS here; shared options are in
kg/cli/options.py. Library errors (KgError)
become a one-line message and exit status 1; bad usage exits 2 (click's own convention).
"""
from __future__ import annotations

import sys

import click

from kg import __version__
from kg.cli import build, eval as eval_, export, push, query, remove, serve, stats, validate, view
from kg.errors import KgError, UsageError

# name -> command, in the order `kg --help` lists them
COMMANDS: dict[str, click.Command] = {
    "build": build.command,
    "query": query.command,
    "export": export.command,
    "remove": remove.command,
    "validate": validate.command,
    "eval": eval_.command,
    "view": view.command,
    "stats": stats.command,
    "serve": serve.command,
    "push": push.command,
}


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


for _name, _command in COMMANDS.items():
    main.add_command(_command, _name)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
