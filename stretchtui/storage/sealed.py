"""The format of the cache files: plain values in `marshal`, behind a header and a CRC-32.

marshal is built in (nothing to import) and the fastest to load, but it is not meant for
data from others and changes between Python versions. A cache file is the user's own, in a
folder only they can write, and is trusted no further than that: its first line names the
kind of file, stretchtui's, Python's and marshal's versions, a CRC-32 of the rest must
match, and the caller checks the shape of what it gets. Anything unexpected (a damaged,
truncated, foreign or older file) reads as no cache at all.
"""

from __future__ import annotations

import marshal
import sys
import time

from stretchtui import __version__

TYPE_CHECKING = False  # `list` and `check` start faster without typing
if TYPE_CHECKING:
    import os
    from typing import Any

Key = tuple[int, int, int, int, int]
SETTLED_S = 5.0
"""A file changed more recently than this when it was read is not keyed on its status: longer
than any file system's timestamp resolution (FAT's is 2 s), so a later change always shows."""


def file_key(status: os.stat_result) -> Key:
    """What tells a changed file: size, modification and change times, inode and device."""
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)


def settled(status: os.stat_result) -> bool:
    """Whether the file was last changed long enough ago (SETTLED_S) that any later change
    will show in its `file_key`."""
    return time.time() - max(status.st_mtime, status.st_ctime) >= SETTLED_S


def header(kind: str) -> bytes:
    """The first line of a cache file of `kind` for this stretchtui and this Python."""
    python = ".".join(map(str, sys.version_info[:3]))
    return f"stretchtui-{kind} {__version__} python {python} marshal {marshal.version}\n".encode()


def seal(head: bytes, value: Any) -> bytes:
    """The bytes of a cache file holding `value` (plain values only; ValueError otherwise)."""
    import zlib

    body = marshal.dumps(value)
    return head + zlib.crc32(body).to_bytes(4, "big") + body


def unseal(head: bytes, raw: bytes) -> Any | None:
    """The value in a cache file's bytes; None unless it is whole, ours and of this version."""
    import zlib

    if not raw.startswith(head) or len(raw) < len(head) + 4:
        return None
    body = raw[len(head) + 4:]
    if zlib.crc32(body) != int.from_bytes(raw[len(head):len(head) + 4], "big"):
        return None
    try:
        return marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
