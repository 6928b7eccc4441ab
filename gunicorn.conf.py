"""Read by gunicorn when started from this folder, as README.md's `gunicorn cms.wsgi` is.

A setting left out or mistyped, static files not collected or a database not migrated are found once, before
gunicorn listens or starts a worker: one line, and gunicorn stops (cms/starting.py). Each worker would find a
setting's mistake too (cms/wsgi.py), but all at once, each printing the line.
"""

import errno
import os
import socket
import subprocess
import sys


def on_starting(server) -> None:
    if server.master_pid:  # the new master of an upgrade in place (USR2)
        inherit_no_sockets_from_workers_that_listened_for_themselves()
    elif listens_on_tcp_ports_of_its_own(server):
        for address in server.cfg.address:
            problem = address_problem(address)
            if problem is not None:
                # Each worker binds for itself, and would fail, exit and be started again for ever.
                sys.stderr.write(f"Folio cannot start: {problem}\n")
                refuse_to_start(server, status=1)
    share_connections_among_workers(server)
    # In a process of its own: the master keeps no settings, so that workers started on a reload (HUP) read them
    # afresh, as they would without this check.
    check = subprocess.run([sys.executable, "-c", "from cms.starting import app_server_or_exit; app_server_or_exit()"])
    if check.returncode != 0:
        refuse_to_start(server, status=check.returncode)


def refuse_to_start(server, *, status: int) -> None:
    # gunicorn writes its pid file (--pid) before this hook. Left behind, it would name a process that is gone: for
    # the new master of an upgrade in place (USR2), a `.2` file saying a new release is on its way.
    if server.pidfile is not None:
        server.pidfile.unlink()
    sys.exit(status)


def inherit_no_sockets_from_workers_that_listened_for_themselves() -> None:
    """The old master's workers each had a socket of their own, so it has none to hand over, and passes an empty list
    (GUNICORN_FD="") that gunicorn cannot read: the new master stopped, and the old one went on serving the old
    code. The new workers open their own sockets on the port, beside the old workers', so there is nothing to
    inherit; any number will do, as with `reuse_port` the master reads the list but opens no socket from it."""
    if os.environ.get("GUNICORN_FD") == "":
        os.environ["GUNICORN_FD"] = "-1"


def on_reload(server) -> None:
    # A reload (HUP) reads the settings afresh, this one's default included, before it starts the new workers.
    share_connections_among_workers(server)


def when_ready(server) -> None:
    # With a socket of each worker's own, the master holds none, and gunicorn's own line names no address
    # ("Listening at:  (1234)"): an operator reading the log is told where.
    if server.cfg.reuse_port and not server.LISTENERS:
        addresses = ",".join(
            f"http://[{a[0]}]:{a[1]}" if ":" in a[0] else f"http://{a[0]}:{a[1]}" for a in server.cfg.address
        )
        server.log.info("Listening at: %s (%s), each worker on a socket of its own", addresses, server.pid)


def share_connections_among_workers(server) -> None:
    """Each worker listens on a socket of its own, and the kernel spreads new connections evenly over them.

    On one shared socket, the worker that wakes first takes a burst of new connections (a proxy's pool of upstream
    connections, a load test's) and, the connections being kept alive, keeps their work, leaving the other cores
    idle (docs/performance.md)."""
    if listens_on_tcp_ports_of_its_own(server):
        server.cfg.set("reuse_port", True)


def listens_on_tcp_ports_of_its_own(server) -> bool:
    """Whether gunicorn binds only TCP addresses itself: a Unix socket cannot be shared that way, and sockets
    handed over by systemd are already bound."""
    return all(isinstance(address, tuple) for address in server.cfg.address) and not os.environ.get("LISTEN_FDS")


def address_problem(address: tuple) -> str | None:
    """Why gunicorn cannot listen at the TCP `address` (in use, or a mistyped host); None if it can."""
    host, port = address[0], address[1]
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As gunicorn binds: a port whose last connections are closing (TIME_WAIT) is free to listen on.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            where = f"[{host}]:{port}" if family == socket.AF_INET6 else f"{host}:{port}"
            if error.errno == errno.EADDRINUSE:
                return f"{where} is in use by another program; stop it, or give gunicorn another --bind."
            return f"gunicorn cannot listen at {where}: {error.strerror}. Check --bind."
    return None
