"""File-level helpers shared by every reader and writer: formats by extension, decoding, the
error every file problem raises, atomic writes, and memory hints for large runs."""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..models.errors import PolexError

READ_FORMATS = ("csv", "tsv", "xlsx", "json", "jsonl", "yaml", "parquet")


WRITE_FORMATS = ("csv", "tsv", "xlsx", "json", "jsonl", "parquet", "md")


# .txt is what Excel's "Unicode text" and "Text (tab delimited)" save: tab-separated.
_ALIASES = {"yml": "yaml", "ndjson": "jsonl", "txt": "tsv", "tab": "tsv", "xlsm": "xlsx"}

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class DataFileError(PolexError):
    """A file polex cannot read: one line that says which file and why."""


# Each file error is worded once, here, in one form: "<file>: <what is wrong>" (the file is the
# error's `field`). Every reader and writer raises through these.

def file_error(name: str | Path, problem: str) -> DataFileError:
    """The one form of a file error: '<file>: <problem>'."""
    return DataFileError(f"{name}: {problem}", field=str(name))


def no_such_file(path: str | Path) -> DataFileError:
    return file_error(path, "no such file")


def file_is_empty(name: str | Path) -> DataFileError:
    return file_error(name, "the file is empty")


def cannot_decode(name: str | Path) -> DataFileError:
    return file_error(name, "cannot decode the text: expected UTF-8 or CP949 (EUC-KR)")


def not_readable(name: str | Path, what: str, err: BaseException) -> DataFileError:
    """'<file>: not a readable <what>: <the first line of the parser's message>'."""
    return file_error(name, f"not a readable {what}: {(str(err).splitlines() or [''])[0]}")


def file_format(path: str | Path, allowed: tuple[str, ...]) -> str:
    suffix = Path(str(path)).suffix.lower().lstrip(".")
    fmt = _ALIASES.get(suffix, suffix)
    if fmt not in allowed:
        raise file_error(path, f"unknown file type {('.' + suffix) if suffix else '(no extension)'}; "
                               f"expected one of {', '.join('.' + a for a in allowed)}")
    return fmt


def decode(data: bytes, name: str) -> str:
    """Text from bytes: UTF-16 with a BOM (Excel's "Unicode text"), UTF-8 (with or without BOM),
    else CP949 (Korean Excel's CSV). A byte none of them reads is reported with its line."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise file_error(name, f"line {_line_of(data, err.start, 'utf-16')}: cannot decode the text as UTF-16 "
                                   f"(byte {err.start + 1} of the file)") from None
    check_text(data, name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        first_bad = err.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
    try:
        return data.decode("cp949")
    except UnicodeDecodeError:
        pass
    line = data.count(b"\n", 0, first_bad) + 1
    raise file_error(name, f"line {line}: cannot decode the text: expected UTF-8, "
                           f"UTF-16 with a BOM, or CP949 (EUC-KR); byte {first_bad + 1} of the file is "
                           f"0x{data[first_bad]:02X}")


def _line_of(data: bytes, index: int, encoding: str) -> int:
    return data[:index].decode(encoding, errors="replace").count("\n") + 1


def read_bytes(path: str | Path, size: int = -1) -> bytes:
    """The file's bytes (the first `size` of them, if given), with one-line errors."""
    if str(path) == "-":
        return sys.stdin.buffer.read(size)
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except FileNotFoundError:
        raise no_such_file(path) from None
    except IsADirectoryError:
        raise file_error(path, "is a folder, expected a file") from None
    except OSError as err:
        raise file_error(path, f"cannot read: {err.strerror}") from None


def file_sha256(path: str | Path) -> str:
    """The file's SHA-256, read in 1 MiB pieces (provenance of a profile or a report)."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_text(head: bytes, name: str) -> None:
    """Refuse an empty or binary file before any parsing, in one line."""
    if not head.strip() or head in UTF16_BOMS or head in (b"\xef\xbb\xbf",):
        raise file_is_empty(name)
    if b"\x00" in head[:8192] and not head.startswith(UTF16_BOMS):
        raise file_error(name, "looks like a binary file, not text (use .xlsx or .parquet for those)")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


TMP_MARK = ".polex-"  # temp files are named .<target>.polex-<pid>-<random>.tmp beside their target
_LIVE: set[str] = set()  # temp files this process has open, removed on SIGTERM and SIGHUP
_HANDLED = False


def _on_signal(signum, frame):  # pragma: no cover - exercised in a subprocess
    for tmp in list(_LIVE):
        try:
            os.unlink(tmp)
        except OSError:
            pass
    _LIVE.clear()
    import signal

    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_handlers() -> None:
    """Remove our temp files when killed by SIGTERM or SIGHUP (SIGINT raises KeyboardInterrupt,
    which the writers' own cleanup handles); only from the main thread, and only once."""
    global _HANDLED
    if _HANDLED:
        return
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) in (signal.SIG_DFL, None):
            signal.signal(sig, _on_signal)
    _HANDLED = True


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale(target: Path) -> list[Path]:
    """Temp files a killed run (SIGKILL, power loss) left beside `target`: removed when the process
    that wrote them is gone. Returns what was removed."""
    removed = []
    try:
        candidates = list(target.parent.glob(f".{target.name}{TMP_MARK}*.tmp"))
    except OSError:
        return removed
    for tmp in candidates:
        try:
            pid = int(tmp.name[len(f".{target.name}{TMP_MARK}"):].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _pid_alive(pid):
            try:
                tmp.unlink()
                removed.append(tmp)
            except OSError:
                pass
    return removed


def _write_error(target: Path, err: OSError) -> OSError:
    """An OS error while writing, named by the target (never by its temp file): the same OSError
    (errno, strerror) with the target as its filename."""
    return type(err)(err.errno, err.strerror or str(err), str(target))


def _new_temp(target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}{TMP_MARK}{os.getpid()}-", suffix=".tmp",
                                   dir=target.parent)
    except OSError as err:
        raise _write_error(target, err) from None
    os.close(fd)
    _LIVE.add(tmp)
    return Path(tmp)


def _finish(tmp: Path, target: Path) -> None:
    """Flush the temp file to disk and set the usual permissions (0666 less the umask)."""
    try:
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
    except OSError as err:
        raise _write_error(target, err) from None


@contextmanager
def atomic_paths(*targets: str | Path) -> Iterator[list[Path]]:
    """Temporary paths beside the targets, renamed onto them only if the block succeeds: every
    target lands, or none does (the renames come last, after every file is written and flushed).
    On any error, Ctrl-C, SIGTERM or SIGHUP the temporary files are removed and the targets are
    untouched; a temp file a killed run left behind is removed by the next write to its target.
    OS errors name the target, not the temporary file."""
    _install_handlers()
    paths = [Path(t) for t in targets]
    tmps: list[Path] = []
    try:
        for target in paths:
            tmps.append(_new_temp(target))
        try:
            yield tmps
        except OSError as err:
            where = next((t for t, x in zip(paths, tmps) if err.filename and str(x) == str(err.filename)), paths[0])
            raise _write_error(where, err) from None
        for tmp, target in zip(tmps, paths):
            _finish(tmp, target)
        for tmp, target in zip(tmps, paths):
            try:
                os.replace(tmp, target)
            except OSError as err:
                raise _write_error(target, err) from None
            _LIVE.discard(str(tmp))
    finally:
        for tmp in tmps:
            if str(tmp) in _LIVE:
                tmp.unlink(missing_ok=True)
                _LIVE.discard(str(tmp))


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside the target; renamed onto it only if the block succeeds (see
    atomic_paths: the target is always either the old file or the complete new one)."""
    with atomic_paths(target) as (tmp,):
        yield tmp


def use_jemalloc() -> None:
    """Arrow's jemalloc pool, returning freed pages at once, hands memory back to the system
    far better than the default for a million-row file (measured: 1.2 GB against 2.4 GB
    resident after reading)."""
    import pyarrow as pa

    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(0)
    except (NotImplementedError, pa.ArrowNotImplementedError):
        pass  # a pyarrow built without jemalloc keeps its default pool


def scratch_pool():
    """A pool for the CSV writer's temporaries: it turns 1,024 rows at a time into text, and with
    jemalloc handing freed pages back at once (use_jemalloc, for a low peak) every batch's buffers
    were faulted in afresh, the whole file's worth (a 1M-row ranking, 813 MB: 165,000 page faults,
    0.3 s of system time). mimalloc reuses them; what is written is the same. None (the default
    pool) where pyarrow has no mimalloc."""
    import pyarrow as pa

    try:
        return pa.mimalloc_memory_pool()
    except (NotImplementedError, pa.ArrowNotImplementedError):
        return None


@functools.cache
def _libc():
    """This process's C library (its malloc), or None where ctypes cannot open it."""
    import ctypes

    try:
        return ctypes.CDLL(None)
    except OSError:
        return None


def release_memory() -> None:
    """Give the C heap's freed pages back to the system (glibc keeps them otherwise; after
    validating a million rows that is most of a gigabyte). A no-op off glibc."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


def keep_freed_blocks(threshold: int = 16 << 20) -> bool:
    """Ask glibc's malloc to keep freed blocks under `threshold` for reuse, not unmap them and map
    fresh (zeroed) pages for the next: `sensitivity` allocates the same temporaries of a few MB
    for each chunk of draws, thousands of times (10k candidates x 10k draws: 13.4-13.5 s -> 11.2-11.5
    s from CSV, peak RSS unchanged). Through mallopt, as GLIBC_TUNABLES would; a user's own malloc
    settings win, and elsewhere than glibc nothing changes. True if it was set."""
    if "glibc.malloc" in os.environ.get("GLIBC_TUNABLES", "") or any(k.startswith("MALLOC_") for k in os.environ):
        return False
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is None:
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3  # malloc.h
    return bool(mallopt(m_mmap_threshold, threshold)) and bool(mallopt(m_trim_threshold, 2 * threshold))

