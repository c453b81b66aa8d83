"""Storage: every file stretchtui reads or writes, its validation and its errors."""

from . import paths
from .errors import ConflictError, Problem, StorageError
from .files import (
    Library,
    RoutineBook,
    atomic_write,
    builtin_routines,
    builtin_stretches,
    check_file,
    delete_routine,
    load_config,
    load_library,
    load_routines,
    locked,
    read_toml,
    remove_stale_temporaries,
    render_routines,
    save_config,
    save_routine,
    update_routines,
)
from .history import append_record, read_history

__all__ = [
    "ConflictError",
    "Library",
    "Problem",
    "RoutineBook",
    "StorageError",
    "append_record",
    "atomic_write",
    "builtin_routines",
    "builtin_stretches",
    "check_file",
    "delete_routine",
    "load_config",
    "load_library",
    "load_routines",
    "locked",
    "paths",
    "read_history",
    "read_toml",
    "remove_stale_temporaries",
    "render_routines",
    "save_config",
    "save_routine",
    "update_routines",
]
