"""Storage: every file stretchtui reads or writes, its validation, errors and user paths.

Import from the module that does the job (`storage.routines`, `storage.history`, ...):
this package imports nothing itself, so a command that needs one file pays for one.
"""
