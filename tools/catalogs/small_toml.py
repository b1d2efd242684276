"""Shared helpers of the catalog generators external.py, meti_iss.py and meti_reliability.py.

Python 3.11's standard library reads TOML (tomllib) but cannot write it, so this module holds a
small writer for exactly the shapes of a Tenken catalog (see catalogs/README.md): top-level
scalars and string arrays, plain tables, arrays of tables ([[items]], with nested ones such as
[[items.evaluation]]), inline tables for `when` and ja/en names, `applicability` as an array of
inline tables (one rule per line), and lists of lists of strings for guidance tables.
`write_catalog` checks its own output by reading it back with tomllib, and with `--check`
compares it with the committed file instead of writing.
"""

from __future__ import annotations

import pathlib
import tomllib

CATALOGS = pathlib.Path(__file__).resolve().parents[2] / "catalogs"
SOURCES = CATALOGS / "sources"


def seed_path(name: str) -> pathlib.Path:
    """The source text `name`: in catalogs/sources/ of this repository, or in $TENKEN_SEEDS."""
    import os

    root = pathlib.Path(os.environ.get("TENKEN_SEEDS") or SOURCES)
    path = root / name
    if not path.is_file():
        raise SystemExit(f"source text not found: {path} (it belongs in catalogs/sources/; TENKEN_SEEDS overrides the folder)")
    return path


def check_mode(argv: list[str], script: str) -> bool:
    """True for `--check` (compare with the committed catalog instead of writing it)."""
    if any(a != "--check" for a in argv):
        raise SystemExit(f"usage: python3 tools/catalogs/{script} [--check]")
    return "--check" in argv


def escape(s: str, keep_newlines: bool = False) -> str:
    """The body of a TOML basic string (`keep_newlines` for a multi-line basic string).

    Shared by every catalog generator, so all catalogs escape text the same way."""
    out = []
    for ch in s:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _string(s: str) -> str:
    """A TOML string: multi-line basic string when the text has line breaks (diffable)."""
    if "\n" not in s:
        return f'"{escape(s)}"'
    lines = [escape(line) for line in s.split("\n")]
    return '"""\n' + "\n".join(lines) + '"""'


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        if not v:
            return "[]"
        if all(isinstance(x, str) for x in v) and sum(len(x) for x in v) > 60:
            return "[\n" + "".join(f"    {_value(x)},\n" for x in v) + "]"
        if all(isinstance(x, list) for x in v):
            return "[\n" + "".join(f"    {_row(x)},\n" for x in v) + "]"
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _row(cells: list) -> str:
    """A table row: on one line, or one cell per line when a cell has line breaks."""
    if not any("\n" in c for c in cells):
        return _value(cells)
    return "[\n" + "".join(f"        {_value(c)},\n" for c in cells) + "    ]"


def _key(k: str) -> str:
    if k and all(c.isascii() and (c.isalnum() or c in "-_") for c in k):
        return k
    return f'"{escape(k)}"'


def _is_table_array(v) -> bool:
    if isinstance(v, _InlineRows):
        return False
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def _inline_when(d):
    """Mark `when` maps and ja/en name pairs to be written as inline tables (small; keeps an
    item or option readable on one line)."""
    if isinstance(d, dict):
        out = {}
        for k, v in d.items():
            if _is_small(k, v):
                out[k] = _Inline(v)
            elif k == "applicability" and isinstance(v, list):
                # Applicability rules: one inline table per line, `when` inline inside.
                out[k] = _InlineRows(_Inline(_inline_when(x)) for x in v)
            else:
                out[k] = _inline_when(v)
        return out
    if isinstance(d, list):
        return [_inline_when(x) for x in d]
    return d


def _is_small(key: str, v) -> bool:
    return isinstance(v, dict) and (key == "when" or (key == "name" and set(v) == {"ja", "en"}))


class _Inline(dict):
    """A dict written as an inline table."""


class _InlineRows(list):
    """A list of dicts written as an array of inline tables, one per line."""


def dumps(catalog: dict, header: str) -> str:
    """The catalog as TOML text, with `header` as a comment block at the top."""
    out = [f"# {line}" if line else "#" for line in header.split("\n")]
    out.append("")
    data = _inline_when(catalog)
    _body_inline_aware(data, "", out)
    return "\n".join(out).rstrip("\n") + "\n"


def _body_inline_aware(d: dict, path: str, out: list[str]) -> None:
    def is_sub(v):
        return isinstance(v, dict) and not isinstance(v, _Inline)

    for k, v in d.items():
        if isinstance(v, _InlineRows):
            rows = "".join(f"    {_value(_plain(x))},\n" for x in v)
            out.append(f"{_key(k)} = [\n{rows}]" if v else f"{_key(k)} = []")
            continue
        if v is None or is_sub(v) or _is_table_array(v):
            continue
        out.append(f"{_key(k)} = {_value(_plain(v))}")
    for k, v in d.items():
        if is_sub(v):
            sub = f"{path}.{_key(k)}" if path else _key(k)
            out.append("")
            out.append(f"[{sub}]")
            _body_inline_aware(v, sub, out)
    for k, v in d.items():
        if _is_table_array(v):
            sub = f"{path}.{_key(k)}" if path else _key(k)
            for x in v:
                out.append("")
                out.append(f"[[{sub}]]")
                _body_inline_aware(x, sub, out)


def _plain(v):
    """Inline markers back to plain dicts and lists, for writing as values."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _strip_none(d):
    if isinstance(d, dict):
        return {k: _strip_none(v) for k, v in d.items() if v is not None}
    if isinstance(d, list):
        return [_strip_none(x) for x in d]
    return d


def write_catalog(catalog: dict, file_name: str, header: str, check: bool = False) -> pathlib.Path:
    """Write `catalogs/<file_name>` and check that tomllib reads back exactly `catalog`.

    With `check`, write nothing: exit with status 1 when the committed file differs from what
    would be written (a stale catalog, or one edited by hand)."""
    text = dumps(catalog, header)
    if tomllib.loads(text) != _strip_none(catalog):
        raise SystemExit(f"internal error: {file_name} does not read back as written")
    path = CATALOGS / file_name
    if check:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            raise SystemExit(f"{path}: out of date (differs from what its generator writes); run the generator")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def fail(seed: str, line_no: int, message: str) -> None:
    """Stop with an error naming the seed file and line (1-based)."""
    raise SystemExit(f"{seed}:{line_no}: {message}")
