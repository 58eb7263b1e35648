"""`reflex run`, with Granian told to bring back a backend worker that dies.

Reflex builds Granian's server with fixed arguments and never passes `respawn_failed_workers`, so
without this one crashed worker takes the whole server down (seen in hosted mode with several
workers). Everything else is Reflex's own command line, unchanged.

With JSON logs (REFLEX_LOG_JSON, hosted mode) `reflex run` starts itself again below a process that
turns every printed line into a JSON record; that second run must be this module too, or its Granian
is built without the respawn.
"""

import functools
import sys
from collections.abc import Callable
from typing import Any

from granian.server import Server

_granian_init: Callable[..., None] = Server.__init__


@functools.wraps(_granian_init)
def _init_with_respawn(self: object, *args: Any, **kwargs: Any) -> None:
    kwargs.setdefault("respawn_failed_workers", True)
    kwargs.setdefault("respawn_interval", 1.0)
    _granian_init(self, *args, **kwargs)


def main() -> None:
    Server.__init__ = _init_with_respawn  # type: ignore[method-assign]
    from reflex.reflex import cli
    from reflex_base.utils import log

    if sys.argv[1:2] == ["run"] and log.is_json_mode() and not log.is_output_supervised():
        raise SystemExit(log.supervise_output([sys.executable, "-m", "app.serve", *sys.argv[1:]]))

    sys.argv[0] = "reflex"
    cli()


if __name__ == "__main__":
    main()
