"""What an operator has to fix when a command fails on the database, said in one line instead of a traceback.

Two mistakes account for nearly all of them: a DATABASE_URL that leads nowhere (a wrong name, host or password,
a server that is down), and a database `migrate` has not been run on. Any other database error is a fault to
report with its traceback. A request that fails for either is logged in that line (cms/log_filters.py) and
answered with the site's 503 page (cms/errors.py), and /healthz answers 503 for either (cms/health.py).
"""

import functools
import importlib.util
import pkgutil

from django.apps import apps
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def where(settings_dict: dict) -> str:
    """The database as DATABASE_URL names it, without its password."""
    vendor = settings_dict["ENGINE"].rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        return f"SQLite file {settings_dict['NAME']}"
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    user = f"{settings_dict['USER']}@" if settings_dict.get("USER") else ""
    return f"{vendor} database '{settings_dict['NAME']}' at {user}{host}{port}"


def first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def unreachable(error: DatabaseError) -> str:
    """The database cannot be reached, as `error` says, in a sentence for the operator."""
    return (
        f"Folio cannot reach its database ({where(connection.settings_dict)}): {first_line(error)}. Check DATABASE_URL."
    )


def unreachable_now() -> str | None:
    """Why the database cannot be reached, for the operator; None when it answers."""
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        return unreachable(error)
    return None


def unmigrated(*, reason: str = "") -> str | None:
    """What to run when the database lacks migrations (`reason`: the error that showed it); None when it has all."""
    try:
        missing = missing_migrations()
    except DatabaseError:
        return None
    return lacking(missing, reason=reason) if missing else None


def lacking(missing: int, *, reason: str = "") -> str:
    because = f" ({reason})" if reason else ""
    return (
        f"Folio's database ({where(connection.settings_dict)}) lacks {missing} of its migrations{because}: "
        "run `manage.py migrate` first."
    )


def missing_migrations() -> int:
    """How many of the code's migrations the database has not had applied; DatabaseError when it cannot say.
    The first call in a process loads every migration, and the process keeps them: every_migration_recorded asks
    without loading any."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def every_migration_recorded() -> bool:
    """Whether the database records every migration file of the code as applied (two queries); DatabaseError when
    it cannot say. A yes is sure. A no may be wrong, so ask missing_migrations(): a squashed migration has not been
    recorded until `migrate` runs once more after the migrations it replaces, which count for it."""
    return migration_files() <= set(MigrationRecorder(connection).applied_migrations())


@functools.cache
def migration_files() -> frozenset[tuple[str, str]]:
    """Every installed app's migration files, as (app label, name), found where Django's loader looks but without
    importing them: each app server's worker would keep every migration in memory to learn what their names say."""
    files = set()
    for app_config in apps.get_app_configs():
        package, _ = MigrationLoader.migrations_module(app_config.label)
        try:
            spec = importlib.util.find_spec(package) if package else None
        except ModuleNotFoundError:  # MIGRATION_MODULES naming a package that is not there: the app has none
            spec = None
        folders = spec.submodule_search_locations if spec else None
        for module in pkgutil.iter_modules(folders or []):  # not None, which would list every top-level module
            if not module.ispkg and module.name[0] not in "_~":  # the names Django's loader skips
                files.add((app_config.label, module.name))
    return frozenset(files)


def database_problem(error: DatabaseError, *, migrating: bool = False) -> str | None:
    """The mistake behind `error`, in a sentence for the operator; None when it is not one of theirs."""
    problem = unreachable_now()
    if problem is not None:
        return problem
    if migrating:  # a migration that fails is no missing migration
        return None
    return unmigrated(reason=first_line(error))


def problem_behind(error: BaseException | None) -> str | None:
    """The operator's mistake behind an error raised while serving a request, in a sentence; None when it is no
    database error or not one of theirs. Worked out once for each error: the error page and the log both ask."""
    if not isinstance(error, DatabaseError):
        return None
    if not hasattr(error, "operator_problem"):
        # A connection that failed to open is left unset, and trying again would only wait as long once more; one
        # that failed mid-query answers, and can say which migrations it has.
        if connection.connection is None:
            error.operator_problem = unreachable(error)
        else:
            error.operator_problem = unmigrated(reason=first_line(error))
    return error.operator_problem
