"""kg.ingest: paths -> Sources. Every fixture is written into tmp_path by the test that needs it."""
from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import os
import random
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.text.ingest import iter_paths, load_sources, read_source
from kg.records import Failure, Source

LEAD = "本报讯（记者 李江涛）5日，省委常委、副省长、市委书记李亚主持召开市委常委会议。"
PAGE = LEAD + "\n会议传达学习了《中国共产党党组工作条例》精神，研究部署我市下一步重点工作。\n"
RARE = "古籍整理中，“㐀”字收入GB18030而不在GBK之内。"  # 㐀 U+3400: GB18030 only
TRADITIONAL = "臺灣省政府今日召開記者會，說明施政方針與預算編列情形。\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def symlink(link: Path, target: Path | str, *, is_dir: bool = False) -> None:
    try:
        os.symlink(target, link, target_is_directory=is_dir)
    except (OSError, NotImplementedError) as exc:  # e.g. Windows without developer mode
        pytest.skip(f"cannot create symbolic links here: {exc}")


def png_1x1() -> bytes:
    """A complete, valid 1×1 greyscale PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def zip_of(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_rare_character_is_outside_gbk() -> None:
    """Guards the GB18030 row below: it must really need GB18030."""
    with pytest.raises(UnicodeEncodeError):
        RARE.encode("gbk")


# --- decoding --------------------------------------------------------------------------------

DECODES = [
    ("utf8.txt", PAGE.encode("utf-8"), "utf-8", PAGE),
    ("utf8-bom.txt", codecs.BOM_UTF8 + PAGE.encode("utf-8"), "utf-8-sig", PAGE),
    ("utf16le-bom.txt", codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"), "utf-16", PAGE),
    ("utf16be-bom.txt", codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"), "utf-16", PAGE),
    ("utf32le-bom.txt", codecs.BOM_UTF32_LE + PAGE.encode("utf-32-le"), "utf-32", PAGE),
    ("utf32be-bom.txt", codecs.BOM_UTF32_BE + PAGE.encode("utf-32-be"), "utf-32", PAGE),
    ("utf16le.txt", PAGE.encode("utf-16-le"), "utf-16-le", PAGE),
    ("utf16be.txt", PAGE.encode("utf-16-be"), "utf-16-be", PAGE),
    ("utf32le.txt", PAGE.encode("utf-32-le"), "utf-32-le", PAGE),
    ("english-utf16be.txt", "Press release\nno CJK here\n".encode("utf-16-be"), "utf-16-be",
     "Press release\nno CJK here\n"),
    ("letters-utf16be.txt", "abcdefghijklmnopqrstuvwxyz".encode("utf-16-be"), "utf-16-be",
     "abcdefghijklmnopqrstuvwxyz"),  # swapped, every letter reads as a hanzi: byte order decides
    ("gb2312.txt", PAGE.encode("gb2312"), "gb18030", PAGE),
    ("gbk.txt", PAGE.encode("gbk"), "gb18030", PAGE),
    ("gb18030.txt", (RARE + PAGE).encode("gb18030"), "gb18030", RARE + PAGE),
    ("big5.txt", TRADITIONAL.encode("big5"), "big5", TRADITIONAL),
    ("ascii.txt", b"Luoyang Daily, page 1\n", "utf-8", "Luoyang Daily, page 1\n"),
    # not by extension: a GBK page named .md, a UTF-8 page named .png
    ("gbk-page.md", PAGE.encode("gbk"), "gb18030", PAGE),
    ("utf8-page.png", PAGE.encode("utf-8"), "utf-8", PAGE),
    # form feed and tab are text
    ("ff.txt", (LEAD + "\f\t" + LEAD).encode("utf-8"), "utf-8", LEAD + "\f\t" + LEAD),
]


@pytest.mark.parametrize("name,data,encoding,raw", DECODES, ids=[row[0] for row in DECODES])
def test_decodes(tmp_path: Path, name: str, data: bytes, encoding: str, raw: str) -> None:
    source = read_source(write(tmp_path, name, data))
    assert (source.encoding, source.raw) == (encoding, raw)
    assert data.decode(source.encoding) == source.raw  # the documented invariant
    assert not source.raw.startswith("\ufeff")


LAST_RESORT = [
    # the last resort, charset-normalizer: no NULs, not UTF-8, not Chinese-looking GB18030/Big5
    ("shift-jis.txt", "政府は本日、新たな経済対策を発表した。\n".encode("shift_jis"),
     "政府は本日、新たな経済対策を発表した。\n"),
    ("utf16le-no-ascii.txt", "省委常委会议召开".encode("utf-16-le"), "省委常委会议召开"),
]


@pytest.mark.parametrize("name,data,raw", LAST_RESORT, ids=[row[0] for row in LAST_RESORT])
def test_last_resort(tmp_path: Path, name: str, data: bytes, raw: str) -> None:
    source = read_source(write(tmp_path, name, data))
    assert source.raw == raw
    assert data.decode(source.encoding) == raw


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "big5"])
@pytest.mark.parametrize(
    "text",
    [
        "第一段。\r\n第二段。\r\n",  # CRLF
        "第一段。\r第二段。\r",  # old Mac CR
        "第一段。\r\n第二段。\n第三段。\r",  # mixed
    ],
)
def test_line_ends_are_kept_as_is(tmp_path: Path, encoding: str, text: str) -> None:
    text = (TRADITIONAL.rstrip("\n") if encoding == "big5" else LEAD) + text
    source = read_source(write(tmp_path, "page.txt", text.encode(encoding)))
    assert source.raw == text


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\t\r\n",
        "　　\r\n".encode("gbk"),  # ideographic spaces
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
    ],
    ids=["empty", "whitespace", "ideographic-spaces-gbk", "utf8-bom-only", "utf16-bom-spaces"],
)
def test_empty_or_blank_file_is_fine(tmp_path: Path, data: bytes) -> None:
    source = read_source(write(tmp_path, "blank.txt", data))
    assert source.raw == ""
    assert source.sha256 == hashlib.sha256(data).hexdigest()


def test_source_fields(tmp_path: Path) -> None:
    data = PAGE.encode("gbk")
    path = write(tmp_path, "000_db331fe8dac00418.txt", data)
    assert read_source(path) == Source(
        path=str(path),
        name="000_db331fe8dac00418.txt",
        stem="000_db331fe8dac00418",
        raw=PAGE,
        encoding="gb18030",
        sha256=hashlib.sha256(data).hexdigest(),
    )


def test_sha256_is_of_the_bytes_and_stable(tmp_path: Path) -> None:
    utf8 = write(tmp_path, "a.txt", PAGE.encode("utf-8"))
    gbk = write(tmp_path, "b.txt", PAGE.encode("gbk"))
    first, again = read_source(utf8), read_source(utf8)
    assert first.sha256 == again.sha256 == hashlib.sha256(PAGE.encode("utf-8")).hexdigest()
    assert read_source(gbk).raw == first.raw
    assert read_source(gbk).sha256 != first.sha256  # same text, other bytes: another build input
    # a fixed value, so a change of hashing would show up as a change of incremental-build keys
    assert read_source(write(tmp_path, "c.txt", b"abc")).sha256 == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


_ALPHABET = st.sampled_from(sorted(set(PAGE + "洛阳市政府工作报告 \r\n\t0123456789abcXYZ")))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.text(alphabet=_ALPHABET, max_size=200),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030", "utf-16-le", "utf-16-be"]),
)
def test_round_trip(tmp_path: Path, body: str, encoding: str) -> None:
    """Any page of the genre comes back as written. The fixed lead keeps each file long enough
    to be unambiguous: a GBK file of one character (省 = CA A1) is also valid UTF-8 (ʡ)."""
    text = LEAD + body
    source = read_source(write(tmp_path, "page.txt", text.encode(encoding)))
    assert source.raw == text


# --- rejection -------------------------------------------------------------------------------

_TEXT = "give .txt or .md files"


REJECTS = [
    ("scan.png", png_1x1(), f"not a text file (looks like PNG image data); {_TEXT}"),
    ("page.txt", png_1x1(), f"not a text file (looks like PNG image data); {_TEXT}"),  # suffix lies
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01",
     "not a text file (looks like JPEG image data)"),
    ("anim.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "not a text file (looks like GIF image data)"),
    ("page.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
     "not a text file (PDF); convert it to text first (e.g. pdftotext)"),
    ("ascii.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n",
     "not a text file (PDF); convert it to text first (e.g. pdftotext)"),
    ("notice.docx", zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}),
     "not a text file (Word .docx document); save it as plain text (.txt) first"),
    ("pages.zip", zip_of({"001.txt": PAGE}),
     "not a text file (looks like a ZIP archive); unpack it and give the .txt or .md files inside"),
    ("page.txt.gz", gzip.compress(PAGE.encode("utf-8")), "not a text file (looks like gzip-compressed data)"),
    ("tool", b"\x7fELF\x02\x01\x01\x00" + bytes(56), "not a text file (looks like an ELF executable)"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
     "not a text file (Microsoft Office .doc/.xls document); save it as plain text (.txt) first"),
    ("nul.bin", bytes(4096), "not a text file (binary data: 100% NUL or control bytes)"),
    ("ints.bin", struct.pack("<256I", *range(256)) * 4, "not a text file (binary data:"),
    ("noise.bin", random.Random(0).randbytes(4096), "not a text file (binary data:"),
    ("controls.txt", b"\x01\x02\x03\x04 abc " * 50, "not a text file (binary data:"),
    ("bad-bom.txt", codecs.BOM_UTF8 + PAGE.encode("gbk"),
     "starts with a UTF-8 byte-order mark but is not valid UTF-8; re-save it as UTF-8"),
    ("odd-utf16.txt", codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le") + b"x",
     "starts with a UTF-16 byte-order mark but is not valid UTF-16"),
    ("high.txt", bytes(range(0x80, 0x100)) * 4, "could not detect the text encoding; re-save it as UTF-8"),
]


@pytest.mark.parametrize("name,data,problem", REJECTS, ids=[row[0] for row in REJECTS])
def test_rejects(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert caught.value.problem.startswith(problem)
    assert caught.value.path == str(path)
    assert "\n" not in str(caught.value)


def test_a_stray_nul_in_a_page_is_not_binary(tmp_path: Path) -> None:
    text = PAGE * 20 + "\x00"
    assert read_source(write(tmp_path, "page.txt", text.encode("utf-8"))).raw == text


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file disappeared while reading"):
        read_source(tmp_path / "gone.txt")


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_source(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_source(fifo)
    files, failures = iter_paths([fifo])
    assert files == [] and [f.message for f in failures] == [
        "not a regular file (a pipe, socket or device); give .txt or .md files"
    ]


@pytest.mark.skipif(
    getattr(os, "geteuid", lambda: -1)() == 0,
    reason="running as root: root can read a chmod 000 file, so there is nothing to refuse "
    "(test_permission_denied_is_reported covers the message)",
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", PAGE.encode("utf-8"))
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="cannot read: permission denied"):
            read_source(path)
    finally:
        path.chmod(0o644)


def test_permission_denied_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path as chmod 000, but it also runs as root."""
    path = write(tmp_path, "secret.txt", PAGE.encode("utf-8"))

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert caught.value.problem == "cannot read: permission denied; check its permissions"


# --- paths -----------------------------------------------------------------------------------

def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    for name, text in {
        "b.MD": PAGE,
        "a.txt": PAGE,
        "sub/c.txt": PAGE,
        "sub/deeper/d.md": PAGE,
        "10.txt": PAGE,
        ".hidden.txt": PAGE,
        ".git/e.txt": PAGE,
        "notes.docx": PAGE,
        "readme": PAGE,
    }.items():
        write(corpus, name, text.encode("utf-8"))
    write(corpus, "scan.png", png_1x1())
    return corpus


def names(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_folders_are_walked_for_txt_and_md(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    files, failures = iter_paths([corpus])
    assert names(files, corpus) == ["10.txt", "a.txt", "b.MD", "sub/c.txt", "sub/deeper/d.md"]
    assert failures == []


@pytest.mark.parametrize(
    "given,expected",
    [
        (["scan.png"], ["scan.png"]),  # named explicitly: taken whatever the suffix
        ([".hidden.txt"], [".hidden.txt"]),
        (["readme", "a.txt"], ["a.txt", "readme"]),
        (["a.txt", "a.txt", "."], ["10.txt", "a.txt", "b.MD", "sub/c.txt", "sub/deeper/d.md"]),
        (["sub", "sub/c.txt"], ["sub/c.txt", "sub/deeper/d.md"]),
    ],
)
def test_explicit_paths(tmp_path: Path, given: list[str], expected: list[str]) -> None:
    corpus = make_corpus(tmp_path)
    files, failures = iter_paths([corpus / g for g in given])
    assert names(files, corpus) == expected
    assert failures == []


def test_order_does_not_depend_on_argument_order(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    args = [corpus / "sub", corpus / "b.MD", corpus / "a.txt"]
    assert iter_paths(args) == iter_paths(reversed(args)) == iter_paths([str(a) for a in args])


def test_a_single_path_is_not_iterated_as_characters(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    assert iter_paths(str(corpus / "a.txt")) == ([corpus / "a.txt"], [])  # type: ignore[arg-type]


def test_missing_path_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = make_corpus(tmp_path)
    monkeypatch.chdir(corpus)
    files, failures = iter_paths(["a.txt", "nowhere.txt", "sub/nowhere"])
    assert files == [Path("a.txt")]
    assert failures == [
        Failure("nowhere.txt", "no such file or folder"),
        Failure(str(Path("sub/nowhere")), "no such file or folder"),
    ]


@pytest.mark.timeout(20)
def test_symlink_loop_neither_hangs_nor_duplicates(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    symlink(corpus / "sub" / "deeper" / "up", corpus, is_dir=True)  # corpus/sub/deeper/up -> corpus
    symlink(corpus / "self", ".", is_dir=True)  # corpus/self -> corpus
    symlink(corpus / "alias.txt", "a.txt")  # a second name for a.txt
    files, failures = iter_paths([corpus])
    assert names(files, corpus) == ["10.txt", "a.txt", "b.MD", "sub/c.txt", "sub/deeper/d.md"]
    assert failures == []


def test_linked_folder_outside_is_followed(tmp_path: Path) -> None:
    outside = tmp_path / "archive"
    write(outside, "2019/page.txt", PAGE.encode("utf-8"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    symlink(corpus / "old", outside, is_dir=True)
    files, _ = iter_paths([corpus])
    assert names(files, corpus) == ["old/2019/page.txt"]


def test_broken_links(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    symlink(corpus / "dangling.txt", "gone.txt")
    symlink(corpus / "dangling.png", "gone.png")  # not a wanted suffix: ignored quietly
    symlink(corpus / "x.txt", "y.txt")
    symlink(corpus / "y.txt", "x.txt")  # a file-level loop
    files, failures = iter_paths([corpus, corpus / "dangling.txt"])
    assert "dangling.txt" not in names(files, corpus)
    messages = {Path(f.path).name: f.message for f in failures}
    assert messages["dangling.txt"].startswith("no such file")
    assert "broken symbolic link" in messages["dangling.txt"]
    assert messages["x.txt"].startswith("cannot read:") and messages["y.txt"].startswith("cannot read:")
    assert "dangling.png" not in messages


# --- load_sources ----------------------------------------------------------------------------

def test_load_sources_never_stops_at_a_bad_file(tmp_path: Path) -> None:
    write(tmp_path, "in/1.txt", PAGE.encode("utf-8"))
    write(tmp_path, "in/2.txt", png_1x1())
    write(tmp_path, "in/3.txt", PAGE.encode("gbk"))
    write(tmp_path, "in/4.md", b"")
    items = list(load_sources([tmp_path / "in", tmp_path / "missing"]))
    summary = [
        (Path(i.path).name, i.encoding if isinstance(i, Source) else i.message.split(";")[0]) for i in items
    ]
    assert summary == [
        ("missing", "no such file or folder"),
        ("1.txt", "utf-8"),
        ("2.txt", "not a text file (looks like PNG image data)"),
        ("3.txt", "gb18030"),
        ("4.md", "utf-8"),
    ]


def test_file_disappearing_mid_run_is_a_failure(tmp_path: Path) -> None:
    first = write(tmp_path, "1.txt", PAGE.encode("utf-8"))
    second = write(tmp_path, "2.txt", PAGE.encode("utf-8"))
    third = write(tmp_path, "3.txt", PAGE.encode("utf-8"))
    items = load_sources([tmp_path])
    assert next(items).path == str(first)
    second.unlink()  # after the folder was listed, before the file is read
    rest = list(items)
    assert rest[0] == Failure(str(second), "file disappeared while reading; check that it still exists")
    assert isinstance(rest[1], Source) and rest[1].path == str(third)


# --- size ------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "big5"])
def test_50_mb_file_decodes_when_the_limit_allows(tmp_path: Path, encoding: str, monkeypatch) -> None:
    monkeypatch.setenv("KG_MAX_FILE_MB", "64")
    unit = (TRADITIONAL if encoding == "big5" else PAGE).encode(encoding)
    size = 50 * 1024 * 1024
    path = write(tmp_path, "big.txt", unit * (size // len(unit)))
    source = read_source(path)
    assert source.raw.startswith(TRADITIONAL if encoding == "big5" else LEAD)
    assert len(source.raw) == len(TRADITIONAL if encoding == "big5" else PAGE) * (size // len(unit))


def test_a_file_over_the_page_limit_is_refused_by_name(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KG_MAX_FILE_MB", "1")
    path = write(tmp_path, "dump.txt", PAGE.encode("utf-8") * (2 * 1024 * 1024 // len(PAGE.encode("utf-8")) + 1))
    with pytest.raises(InputError) as err:
        read_source(path)
    assert err.value.path == str(path)
    assert "too large for one page" in err.value.problem and "KG_MAX_FILE_MB" in err.value.problem


# -- undecodable regions (issue 15 item 3) ----------------------------------------------------

SOUP = random.Random(3).randbytes(600_000).translate(bytes(0x80 | b for b in range(256)))[:300_000]  # high bytes: no encoding decodes them
TRAD = "市委常委會召開會議\n\n本報訊（記者 王曉燕）昨日，市委書記張建國主持召開市委常委會會議，研究部署近期重點工作。\n"


@pytest.mark.parametrize("encoding,text", [("utf-8", PAGE), ("gbk", PAGE), ("big5", TRAD)], ids=["utf-8", "gbk", "big5"])
def test_a_good_article_followed_by_300_kb_of_undecodable_bytes_is_kept(tmp_path: Path, encoding: str, text: str) -> None:
    """It used to be refused whole ("could not detect the text encoding"), its article lost."""
    from kg.text.ingest import decode

    good = text.encode(encoding)
    path = write(tmp_path, "damaged.txt", good + SOUP)
    source, gaps = decode(path, path.read_bytes())
    assert source.raw == text
    assert gaps == ((len(good), len(good) + len(SOUP)),)
    assert read_source(path).raw == text


def test_good_text_on_both_sides_of_a_damaged_stretch_is_kept_apart(tmp_path: Path) -> None:
    from kg.text.ingest import decode, describe_gaps

    # (after a damaged stretch a two-byte encoding is realigned at the next ASCII byte, here a line end)
    first, second = PAGE.encode("gbk"), "\n■我市举办营商环境培训班。本月以来，市发展改革委组织开展营商环境专题培训。\n".encode("gbk")
    data = first + SOUP[:5000] + second
    source, gaps = decode(write(tmp_path, "p.txt", data), data)
    assert source.encoding == "gb18030" and gaps == ((len(first), len(first) + 5001),)  # the soup and its line end
    assert source.raw == PAGE + "\n" + second.decode("gbk")[1:]  # a line break where the gap was, never a join
    assert describe_gaps(gaps, source.encoding) == (
        f"5,001 bytes decode in no encoding and were left out (byte offsets {len(first):,}-{len(first) + 5000:,}); "
        "the rest was read as gb18030 and built")
