"""A command stopped part-way, by Ctrl-C or by SIGTERM (systemd, a container's stop, `kill`), says so in one line.

SIGTERM is made to stop a command as Ctrl-C does, by raising KeyboardInterrupt where it stands: the open
transaction rolls back and the workers are stopped on the way out, where SIGTERM's default would end the process
with no word. What the operator learns is which command stopped and what it left behind: each command that
writes says so in its `when_stopped`.
"""

import signal
import sys


def stop_on_sigterm() -> None:
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def stopped(*, argv: list[str], stop: KeyboardInterrupt) -> tuple[str, int]:
    """The line to print for a command stopped by `stop`, and the exit status a shell gives such a stop."""
    by = "SIGTERM" if str(stop) == "SIGTERM" else "SIGINT"
    how = "Ctrl-C (SIGINT)" if by == "SIGINT" else by
    name = argv[1] if len(argv) > 1 else "manage.py"
    line = f"{name}: stopped by {how} before it finished."
    note = _when_stopped(name)
    if note:
        line += " " + note
    return line, 128 + signal.Signals[by].value


def _when_stopped(name: str) -> str:
    from django.core.management import get_commands, load_command_class

    app = get_commands().get(name)
    if app is None:
        return ""
    try:
        command = load_command_class(app, name)
    except Exception:  # a command that cannot be loaded has no note to give
        return ""
    return getattr(command, "when_stopped", "")


def report(*, argv: list[str], stop: KeyboardInterrupt) -> None:
    line, status = stopped(argv=argv, stop=stop)
    sys.stderr.write("\n" + line + "\n")  # after a progress bar's line, on one of its own
    sys.exit(status)
