"""Paths in, decoded Sources out; a file that is not text is refused with a message naming what it is.

The encoding is detected from the bytes, never guessed from the suffix, in this order; each step
runs only if every earlier one declined:

1. Empty file: nothing to decode, so "" (it simply yields no articles).
2. Magic numbers (PNG, JPEG, PDF, ZIP/docx, gzip, ELF ...). Certain and cheap, and they let the
   message say what the file *is* ("looks like PNG image data") instead of "unknown encoding".
3. Byte-order marks: UTF-8, UTF-32, UTF-16. The writer declared the encoding, so believe it.
   UTF-32 LE is tried before UTF-16 LE because FF FE 00 00 starts both.
4. UTF-16/32 without a BOM, when the head holds NUL bytes. NUL never occurs in ASCII-compatible
   text, but in UTF-16 every ASCII character (digits, spaces, line ends) carries one. This must
   come before strict UTF-8 (NUL is valid UTF-8, so "A\\0B\\0" would "decode") and before the binary
   check (UTF-16 is up to half NULs). Of LE/BE, the reading made of plausible characters (ASCII,
   hanzi, CJK punctuation) wins; the wrong byte order reads as scattered scripts and controls.
   On a tie (swapped ASCII letters can land in the hanzi block) the reading in which the NULs are
   the high bytes of Latin characters wins.
5. Binary: a high share of NUL/control bytes in what is left means it is not text. The test is
   sound for every remaining candidate because UTF-8, GB18030 and Big5 never put a control byte
   inside a multi-byte character. Tab, CR, LF, VT and FF are text and stay legal.
6. Strict UTF-8: the modern default and self-validating. Legacy CJK text longer than a few
   characters practically never forms valid UTF-8 by accident, so a strict success is trustworthy
   (a GBK file holding only 省, CA A1, would read as UTF-8 "ʡ"; a page is safe).
7. GB18030, one codec for GB2312, GBK and GB18030 (each a superset of the one before), since
   mainland pages are what we expect. GB18030 decodes nearly any byte soup (Big5 included), so a
   strict success alone proves little: the result must also look like Chinese, i.e. at least 80 %
   of its non-ASCII characters are GB2312 hanzi or CJK punctuation. Real pages score about 99 %,
   Big5 misread as GB18030 about 15 %.
8. Big5, then cp950 (Microsoft's Big5 with extensions), for traditional-character files, with the
   same check minus the GB2312 condition.
9. charset-normalizer, on the head only: statistical, slow and fallible, hence last; sampling keeps
   a 50 MB file fast. The codec it names must then decode the whole file strictly. It also catches
   what the steps above let through: Shift-JIS, EUC-KR, cp1252, and UTF-16 with no ASCII at all (no
   NULs). A plausibility test of its own for that last case would be wrong: Shift-JIS read as
   UTF-16 BE lands in the hanzi block and looks plausible.
10. Salvage, when nothing decodes the whole file (a good article followed by a damaged tail): each
   of UTF-8, GB18030 and Big5 reads the file skipping what it cannot decode; its clean regions are
   the runs of at least SALVAGE_MIN_BYTES, holding punctuation or a line break, that read as
   plausible text (Chinese, for the legacy codecs: GB18030 turns byte soup into runs of rare hanzi). A codec counts only if steps 6-8,
   run on its longest clean region, detect that codec; of those, the one with the most clean bytes
   wins. What lies between clean regions is reported as byte ranges (`decode`) and left out; each
   such gap becomes one line break in `raw`, so text on either side is never joined.

`Source.encoding` is a Python codec name chosen so that `data.decode(encoding) == raw`:
"utf-8-sig", "utf-16" and "utf-32" for files with a BOM (the codec consumes it). Three exceptions:
a file of only whitespace gives raw "", a BOM left after any other codec (GB18030 has one) is
dropped, and a salvaged file (step 10) lacks its undecodable ranges. Line ends are never translated: offsets point into raw, so CRLF and CR stay as they are.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import threading
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

from kg.errors import InputError
from kg.records import Failure, Source

TEXT_SUFFIXES = frozenset({".txt", ".md"})  # taken from folders; a file named explicitly is always taken
SAMPLE_BYTES = 64 * 1024  # the head used for statistics; whole-file work is only strict decoding
BINARY_SHARE = 0.05  # control bytes above this share: not text (text ~0 %, random bytes ~10 %)
PLAUSIBLE_SHARE = 0.9  # UTF-16/32 reading: share of plausible characters needed to accept it
CHINESE_SHARE = 0.8  # GB18030/Big5 reading: share of non-ASCII characters that must be Chinese
SALVAGE_MIN_BYTES = 48  # a clean region shorter than this between undecodable bytes is taken as noise

_TEXT_ADVICE = "give .txt or .md files"
_SAVE_AS_TEXT = "save it as plain text (.txt) first"
_UNPACK = "unpack it and give the .txt or .md files inside"
_PERMISSION = "permission denied; check its permissions"
_NOT_REGULAR = f"not a regular file (a pipe, socket or device); {_TEXT_ADVICE}"

# (offset, signature, what it is, what to do): the first match names the file.
_MAGIC: tuple[tuple[int, bytes, str, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "looks like PNG image data", _TEXT_ADVICE),
    (0, b"\xff\xd8\xff", "looks like JPEG image data", _TEXT_ADVICE),
    (0, b"GIF87a", "looks like GIF image data", _TEXT_ADVICE),
    (0, b"GIF89a", "looks like GIF image data", _TEXT_ADVICE),
    (0, b"II*\x00", "looks like TIFF image data", _TEXT_ADVICE),
    (0, b"MM\x00*", "looks like TIFF image data", _TEXT_ADVICE),
    (0, b"RIFF", "looks like RIFF media (WebP, WAV or AVI)", _TEXT_ADVICE),
    (0, b"%PDF-", "PDF", "convert it to text first (e.g. pdftotext)"),
    (0, b"{\\rtf", "RTF", _SAVE_AS_TEXT),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office .doc/.xls document", _SAVE_AS_TEXT),
    (0, b"PK\x03\x04", "looks like a ZIP archive", _UNPACK),
    (0, b"PK\x05\x06", "looks like a ZIP archive", _UNPACK),
    (0, b"\x1f\x8b", "looks like gzip-compressed data", _UNPACK),
    (0, b"BZh", "looks like bzip2-compressed data", _UNPACK),
    (0, b"\xfd7zXZ\x00", "looks like xz-compressed data", _UNPACK),
    (0, b"(\xb5/\xfd", "looks like zstd-compressed data", _UNPACK),
    (0, b"7z\xbc\xaf\x27\x1c", "looks like a 7-Zip archive", _UNPACK),
    (0, b"Rar!\x1a\x07", "looks like a RAR archive", _UNPACK),
    (257, b"ustar", "looks like a tar archive", _UNPACK),
    (0, b"\x7fELF", "looks like an ELF executable", _TEXT_ADVICE),
    (0, b"SQLite format 3\x00", "looks like an SQLite database", _TEXT_ADVICE),
    (4, b"ftyp", "looks like MP4/QuickTime media", _TEXT_ADVICE),
)

# Office formats are ZIP archives; the names of their parts sit in clear in the head.
_ZIP_KINDS = (
    (b"word/", "Word .docx document"),
    (b"xl/", "Excel .xlsx workbook"),
    (b"ppt/", "PowerPoint .pptx presentation"),
    (b"application/vnd.oasis.opendocument", "OpenDocument file"),
)

# Longest first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

# Bytes that do not occur in text: C0 controls except tab, LF, VT, FF, CR, and the shifts of
# the 7-bit encodings (SO, SI, ESC) and SUB (a DOS end-of-file mark), plus DEL.
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\x0b\x0c\r\x0e\x0f\x1a\x1b") + b"\x7f"


def iter_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Failure]]:
    """Expand files and folders into the input files, in sorted order, each file once.

    Folders are walked recursively for .txt and .md files (any case), skipping names that start
    with '.'; symbolic links are followed, but a folder already visited is not entered again, so a
    link loop neither hangs nor duplicates. A path that does not exist is a Failure, not an error.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # a lone path, not an iterable of characters
    found: list[tuple[Path, tuple[int, int]]] = []
    failures: list[Failure] = []
    seen_dirs: set[tuple[int, int]] = set()
    for path in sorted({Path(p) for p in paths}, key=lambda p: p.parts):
        try:
            st = path.stat()
        except FileNotFoundError:
            broken = " (broken symbolic link)" if path.is_symlink() else ""
            failures.append(Failure(str(path), f"no such file or folder{broken}"))
            continue
        except OSError as exc:
            failures.append(Failure(str(path), _os_problem(exc)))
            continue
        if stat.S_ISDIR(st.st_mode):
            _walk(path, st, seen_dirs, found, failures)
        elif stat.S_ISREG(st.st_mode):
            found.append((path, (st.st_dev, st.st_ino)))
        else:
            failures.append(Failure(str(path), _NOT_REGULAR))
    files: list[Path] = []
    seen_files: set[tuple[int, int]] = set()
    for path, key in sorted(found, key=lambda item: item[0].parts):
        if key not in seen_files:  # the same file reached twice, e.g. through a link
            seen_files.add(key)
            files.append(path)
    failures.sort(key=lambda f: Path(f.path).parts)
    return files, failures


def _walk(
    top: Path,
    top_stat: os.stat_result,
    seen_dirs: set[tuple[int, int]],
    found: list[tuple[Path, tuple[int, int]]],
    failures: list[Failure],
) -> None:
    """Collect the text files under `top`; a stack, not recursion, so depth is no limit."""
    top_key = (top_stat.st_dev, top_stat.st_ino)
    if top_key in seen_dirs:
        return
    seen_dirs.add(top_key)
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except PermissionError:
            failures.append(Failure(str(folder), f"cannot read folder: {_PERMISSION}"))
            continue
        except OSError as exc:
            failures.append(Failure(str(folder), f"cannot read folder: {exc.strerror or exc}"))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            wanted = path.suffix.lower() in TEXT_SUFFIXES
            try:
                st = os.stat(entry.path)  # follows links
            except FileNotFoundError:
                if wanted:
                    failures.append(Failure(str(path), "no such file (broken symbolic link)"))
                continue
            except OSError as exc:  # a link loop (ELOOP) or no permission
                if wanted:
                    failures.append(Failure(str(path), _os_problem(exc)))
                continue
            key = (st.st_dev, st.st_ino)
            if stat.S_ISDIR(st.st_mode):
                if key not in seen_dirs:
                    seen_dirs.add(key)
                    subfolders.append(path)
            elif stat.S_ISREG(st.st_mode) and wanted:
                found.append((path, key))
        stack.extend(reversed(subfolders))


def read_source(path: Path) -> Source:
    """Read and decode one file; raise InputError if it cannot be read or is not text."""
    path = Path(path)
    return decode_source(path, _read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """One input file's bytes with read_source's checks (a regular file, under the size limit)."""
    return _read_bytes(Path(path))


def printable_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (which Python keeps as surrogates) written as
    `\\xff`, so the name can be printed, stored and minted into IRIs (`kg remove` accepts it)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def decode_source(path: Path, data: bytes) -> Source:
    """Decode bytes already read (e.g. shipped to a cluster worker); `path` names them in messages."""
    return decode(path, data)[0]


def decode(path: Path, data: bytes) -> tuple[Source, tuple[tuple[int, int], ...]]:
    """`decode_source`, and the [start, end) byte ranges left out because no encoding decodes them
    (step 10 of the module docstring; empty for a file that decodes whole)."""
    path = Path(path)
    gaps: tuple[tuple[int, int], ...] = ()
    try:
        encoding, raw = _decode(path, data)
    except InputError as e:
        found = _salvage(data) if e.problem.startswith("could not detect") else None
        if found is None:
            raise
        encoding, raw, gaps = found
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    if not raw.strip():
        raw = ""
    source = Source(
        path=str(path),
        name=printable_name(path.name),  # a name that is not valid UTF-8 is built under an escaped one
        stem=printable_name(path.stem),
        raw=raw,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return source, gaps


def describe_gaps(gaps: tuple[tuple[int, int], ...], encoding: str) -> str:
    """One line for the run summary: where the bytes left out are, and what was read."""
    shown = ", ".join(f"{a:,}-{b - 1:,}" for a, b in gaps[:5]) + (f" and {len(gaps) - 5} more" if len(gaps) > 5 else "")
    total = sum(b - a for a, b in gaps)
    return (f"{total:,} bytes decode in no encoding and were left out (byte offsets {shown}); "
            f"the rest was read as {encoding} and built")


def load_sources(paths: Iterable[str | Path]) -> Iterator[Source | Failure]:
    """Every input file as a Source, or a Failure saying why not; one bad file never stops the rest.

    The Failures of iter_paths (missing paths …) come first, then one item per file in order.
    """
    files, failures = iter_paths(paths)
    yield from failures
    for path in files:
        try:
            yield read_source(path)
        except InputError as exc:
            yield Failure(exc.path, exc.problem)
        except OSError as exc:
            yield Failure(str(path), _os_problem(exc))


def _os_problem(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file disappeared while reading; check that it still exists"
    if isinstance(exc, PermissionError):
        return f"cannot read: {_PERMISSION}"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file; give the folder to load_sources to read the files inside"
    return f"cannot read: {exc.strerror or exc}"


def max_file_bytes() -> int:
    """The largest file taken as one page: $KG_MAX_FILE_MB megabytes (default 32).

    A newspaper page is tens of kilobytes; a file of many megabytes is an archive dump or a
    mistake, and extracting it as one page would take minutes and gigabytes. It is refused by
    name so the user can split it (one page a file) or raise the limit knowingly.
    """
    try:
        return int(float(os.environ.get("KG_MAX_FILE_MB", "32")) * 1024 * 1024)
    except ValueError:
        return 32 * 1024 * 1024


def _read_bytes(path: Path) -> bytes:
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(st.st_mode):  # reading a pipe could block for ever
            raise InputError(str(path), _NOT_REGULAR)
        limit = max_file_bytes()
        if st.st_size > limit:
            raise InputError(
                str(path),
                f"too large for one page ({st.st_size / 2**20:.1f} MB > {limit / 2**20:.0f} MB); "
                "split it into one file a page, or raise the limit with KG_MAX_FILE_MB",
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), _os_problem(exc)) from exc


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """(codec name, text) following the order in the module docstring."""
    if not data:
        return "utf-8", ""
    _reject_known_binary(path, data)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return codec, _decode_all(data, codec)
            except UnicodeDecodeError as exc:
                if bom == codecs.BOM_UTF32_LE:
                    continue  # maybe UTF-16 LE whose first character is U+0000
                problem = f"starts with a {label} byte-order mark but is not valid {label}"
                raise InputError(str(path), f"{problem}; re-save it as UTF-8") from exc
    head = data[:SAMPLE_BYTES]
    if b"\x00" in head and (found := _wide_unicode(data)):
        return found
    share = _control_share(data)
    if share > BINARY_SHARE:
        raise InputError(
            str(path), f"not a text file (binary data: {share:.0%} NUL or control bytes); {_TEXT_ADVICE}"
        )
    try:
        return "utf-8", _decode_all(data, "utf-8")
    except UnicodeDecodeError:
        pass
    for codec, simplified in (("gb18030", True), ("big5", False), ("cp950", False)):
        try:  # judge the head first: a wrong guess then costs 64 KiB, not the whole file
            if _looks_chinese(_decode_head(head, codec), simplified=simplified):
                return codec, _decode_all(data, codec)
        except UnicodeDecodeError:
            continue
    best = from_bytes(head).best()
    if best is not None:
        codec = codecs.lookup(best.encoding).name
        try:
            return codec, _decode_all(data, codec)
        except UnicodeDecodeError:
            pass
    raise InputError(str(path), "could not detect the text encoding; re-save it as UTF-8")


_SKIPPED = threading.local()  # .gaps: filled by the "kg-skip" error handler during one decode, per thread


def _skip(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: note the undecodable bytes, mark their place with a lone surrogate
    (no strict decoding ever yields one) and go on after them."""
    assert isinstance(exc, UnicodeDecodeError)
    _SKIPPED.gaps.append((exc.start, exc.end))
    return "\udcff", exc.end


codecs.register_error("kg-skip", _skip)


@lru_cache(maxsize=1)
def _gb2312() -> frozenset[str]:
    """Every character of GB2312 (what a mainland page is written in, bar a rare name)."""
    pairs = (bytes((a, b)) for a in range(0xA1, 0xF8) for b in range(0xA1, 0xFF))
    return frozenset(ch for pair in pairs for ch in pair.decode("gb2312", errors="ignore"))


def _good_char(codec: str) -> Callable[[str], bool]:
    """What a page read with `codec` is made of; byte soup read as GB18030 or Big5 is mostly not."""
    if codec == "gb18030":
        gb = _gb2312()
        return lambda ch: ch in gb or ("\x20" <= ch < "\x7f") or ch in "\t\n\r\f" or _is_cjk_punct(ch)
    if codec == "big5":
        return lambda ch: _is_hanzi(ch) or ("\x20" <= ch < "\x7f") or ch in "\t\n\r\f" or _is_cjk_punct(ch)
    return _plausible


_SALVAGE_MARK = re.compile("[\n，。、；：！？,.;:!?]")  # text has punctuation or lines; byte soup rarely does
_GAP_WIDTH = 8  # two implausible characters closer than this: the text between them is noise
_EDGE = 4  # next to noise, fewer characters than this beyond a line or sentence end are noise too
_ENDS = "\n。！？”）"


def _plausible_runs(text: str, good: Callable[[str], bool], first: bool, last: bool) -> list[tuple[int, int]]:
    """[start, end) runs of `text` where implausible characters stand alone (a rare hanzi in a
    name), not in clusters (byte soup); a run's edge next to a cluster loses a fragment of fewer
    than _EDGE characters cut off by a line or sentence end (byte soup read as hanzi by chance).
    `first`/`last`: `text` starts/ends the file (else undecodable bytes border it)."""
    bad = [i for i, ch in enumerate(text) if not good(ch)]
    zones: list[tuple[int, int]] = []  # clusters of implausible characters: [first, last + 1)
    k = 0
    while k < len(bad):
        j = k
        while j + 1 < len(bad) and bad[j + 1] - bad[j] < _GAP_WIDTH:
            j += 1
        if j > k:
            zones.append((bad[k], bad[j] + 1))
        k = j + 1
    runs, pos = [], 0
    for a, b in zones + [(len(text), len(text))]:
        start, end = pos, a
        if start > 0 or not first:  # after noise: a few characters before a line or sentence end are noise too
            cut = min((i for i in (text.find(c, start, min(end, start + _EDGE)) for c in _ENDS) if i >= 0), default=-1)
            start = cut + 1 if cut >= 0 else start
        if end < len(text) or not last:  # before noise: likewise after the last line or sentence end
            cut = max(text.rfind(c, max(start, end - _EDGE), end) for c in _ENDS)
            end = cut + 1 if cut >= 0 else end
        if end > start:
            runs.append((start, end))
        pos = b
    return runs


def _clean_regions(data: bytes, codec: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of the byte runs that `codec` decodes into plausible text."""
    _SKIPPED.gaps = []  # per thread: Dask workers decode files in several threads at once
    try:
        text = data.decode(codec, errors="kg-skip")
    finally:
        bad, _SKIPPED.gaps = _SKIPPED.gaps, []
    starts = [0] + [e for _, e in bad]
    good = _good_char(codec)
    out = []
    pieces = text.split("\udcff")
    for n, (first, piece) in enumerate(zip(starts, pieces)):
        for a, b in _plausible_runs(piece, good, n == 0, n == len(pieces) - 1):
            t = piece[a:b]
            lo = first + len(piece[:a].encode(codec))
            hi = lo + len(t.encode(codec))
            if hi - lo >= SALVAGE_MIN_BYTES and _SALVAGE_MARK.search(t) and _plausible_share(t) >= PLAUSIBLE_SHARE and (
                codec == "utf-8" or _looks_chinese(t, simplified=codec == "gb18030")
            ):
                out.append((lo, hi, t))
    return out


def _detect_strictly(data: bytes) -> str | None:
    """Steps 6-8 on bytes that decode whole: the codec they name, or None."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    for codec, simplified in (("gb18030", True), ("big5", False), ("cp950", False)):
        try:
            if _looks_chinese(data.decode(codec), simplified=simplified):
                return "big5" if codec == "cp950" else codec
        except UnicodeDecodeError:
            continue
    return None


def _salvage(data: bytes) -> tuple[str, str, tuple[tuple[int, int], ...]] | None:
    """Step 10 of the module docstring: (codec, text of the clean regions, byte ranges left out)."""
    best: tuple[int, str, list[tuple[int, int, str]]] | None = None
    for codec in ("utf-8", "gb18030", "big5"):
        regions = _clean_regions(data, codec)
        if not regions:
            continue
        a, b, _ = max(regions, key=lambda r: r[1] - r[0])
        if _detect_strictly(data[a:b]) != codec:
            continue  # its longest clean region is really another encoding, read wrongly
        kept = sum(b - a for a, b, _ in regions)
        if best is None or kept > best[0]:
            best = (kept, codec, regions)
    if best is None:
        return None
    _, codec, regions = best
    gaps, pos = [], 0
    for a, b, _ in regions:
        if a > pos:
            gaps.append((pos, a))
        pos = b
    if pos < len(data):
        gaps.append((pos, len(data)))
    return codec, "\n".join(t for _, _, t in regions), tuple(gaps)


def _decode_all(data: bytes, codec: str, chunk: int = 1 << 22) -> str:
    """bytes.decode(codec), strict, in slices: decoding 50 MB at once briefly needs four times that."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    view = memoryview(data)
    parts = [decoder.decode(view[i : i + chunk]) for i in range(0, len(data), chunk)]
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts)


def _decode_head(head: bytes, codec: str) -> str:
    """Strictly decode a head cut from a longer file: it may end inside a character."""
    return codecs.getincrementaldecoder(codec)(errors="strict").decode(head, final=False)


def _control_share(data: bytes, chunk: int = 1 << 20) -> float:
    """Share of bytes that do not occur in text; chunked so a big file is not copied whole."""
    view = memoryview(data)
    kept = sum(
        len(bytes(view[i : i + chunk]).translate(None, _CONTROL_BYTES)) for i in range(0, len(data), chunk)
    )
    return (len(data) - kept) / len(data)


def _reject_known_binary(path: Path, data: bytes) -> None:
    for offset, signature, what, advice in _MAGIC:
        if data.startswith(signature, offset):
            if signature.startswith(b"PK"):
                head = data[:SAMPLE_BYTES]
                what, advice = next(
                    ((kind, _SAVE_AS_TEXT) for marker, kind in _ZIP_KINDS if marker in head), (what, advice)
                )
            raise InputError(str(path), f"not a text file ({what}); {advice}")


def _wide_unicode(data: bytes) -> tuple[str, str] | None:
    """UTF-32/16 LE/BE without BOM: the reading of the head with most plausible characters."""
    candidates = []
    for codec, unit in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        if len(data) % unit:
            continue
        try:
            head = _decode_head(data[:SAMPLE_BYTES], codec)
        except UnicodeDecodeError:
            continue
        score = _plausible_share(head)
        if score >= PLAUSIBLE_SHARE:
            # Tie-break: in the right byte order the NUL bytes are the high halves of ASCII
            # characters; in the wrong one they make U+xx00 (letters swapped can look like hanzi).
            latin = sum(ch < "\u0100" for ch in head) / len(head)
            candidates.append((score, latin, codec))
    for _score, _latin, codec in sorted(candidates, reverse=True):
        try:
            return codec, _decode_all(data, codec)
        except UnicodeDecodeError:
            continue
    return None


def _plausible_share(text: str) -> float:
    if not text:
        return 0.0
    counts = Counter(text)
    return sum(n for ch, n in counts.items() if _plausible(ch)) / len(text)


def _plausible(ch: str) -> bool:
    """A character a Chinese or English news page is made of."""
    o = ord(ch)
    return (
        0x20 <= o < 0x7F
        or ch in "\t\n\r\f"
        or 0xA0 <= o <= 0xFF  # Latin-1: · × ° é
        or 0x2010 <= o <= 0x203B  # dashes, “” ‘’, …, ※
        or 0x2160 <= o <= 0x217F  # Roman numerals
        or 0x2460 <= o <= 0x24FF  # ① ⑴ ⒈
        or 0x25A0 <= o <= 0x25FF  # ■ ● ◆
        or _is_cjk_punct(ch)
        or _is_hanzi(ch)
    )


def _is_hanzi(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_cjk_punct(ch: str) -> bool:
    # CJK symbols and punctuation, fullwidth forms, and the general punctuation Chinese uses.
    return (
        "\u3000" <= ch <= "\u303f"
        or "\uff01" <= ch <= "\uffef"
        or "\u2010" <= ch <= "\u203b"
        or ch == "\u00b7"
    )


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _looks_chinese(text: str, *, simplified: bool) -> bool:
    """Most non-ASCII characters are hanzi (GB2312 ones if `simplified`) or CJK punctuation."""
    counts = Counter(ch for ch in text if ch > "\x7f")
    total = sum(counts.values())
    if not total:
        return True
    good = sum(
        n
        for ch, n in counts.items()
        if _is_cjk_punct(ch) or (_is_hanzi(ch) and (not simplified or _in_gb2312(ch)))
    )
    return good / total >= CHINESE_SHARE
