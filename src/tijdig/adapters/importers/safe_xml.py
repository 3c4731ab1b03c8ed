"""Reading XML from strangers: size limit, no entities, no DTDs, no network.

Every XML importer (UBL, CAMT.053) reads through `load` and sniffs with `root_tag`.
The parser never resolves entities, loads a DTD or touches the network, and keeps
libxml2's limits against huge documents (`huge_tree=False`). On top of that a document
is refused when it declares entities (billion laughs, external entities) or refers to
an external DTD: e-invoices and bank statements never need either. Problems come
back as an `ImportIssue`, never as an exception.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from lxml import etree

from tijdig.domain.imports import ImportIssue

MAX_BYTES = 20 * 1024 * 1024  # 20 MB; a Peppol invoice with a PDF is well under
SNIFF_CHUNK = 64 * 1024
SNIFF_LIMIT = 1024 * 1024  # the root element must start within the first MB
_ENTITY = re.compile(rb"<!ENTITY\s+(?:%\s+)?([^\s>]+)")


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def root_tag(path: Path) -> str | None:
    """The root element's {namespace}name, reading no further than it; None if not XML."""
    parser = etree.XMLPullParser(
        events=("start",),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    )
    try:
        with path.open("rb") as stream:
            for _ in range(SNIFF_LIMIT // SNIFF_CHUNK):
                chunk = stream.read(SNIFF_CHUNK)
                if not chunk:
                    return None
                parser.feed(chunk)
                for _event, element in parser.read_events():
                    if isinstance(element, etree._Element):
                        return str(element.tag)
    except (etree.LxmlError, OSError, ValueError):
        return None
    return None


def looks_like_xml(path: Path) -> bool:
    """True when the file starts as XML (`<`, after a byte-order mark and white space).

    Decides which reader gets a file whose root `root_tag` cannot tell: a document that
    libxml refuses outright (an entity bomb) still goes to an XML reader, which refuses it
    with the reason, instead of a CSV reader that finds no columns in it."""
    try:
        with path.open("rb") as stream:
            head = stream.read(1024)
    except OSError:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.removeprefix(codecs.BOM_UTF8).decode("latin-1")
    return text.lstrip().startswith("<")


def load(path: Path, *, max_bytes: int = MAX_BYTES) -> etree._Element | ImportIssue:
    """The document's root element, or the one issue that stops it being read."""
    data = read_limited(path, max_bytes=max_bytes)
    if isinstance(data, ImportIssue):
        return data
    declared = _declared_entities(data)
    if declared:
        return ImportIssue(path.name, _entities_refused(declared), line=1)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        return ImportIssue(path.name, f"not well-formed XML: {error.msg}", line=error.lineno)
    except (etree.LxmlError, ValueError) as error:
        return ImportIssue(path.name, f"cannot be read as XML: {error}")
    refusal = dtd_refusal(root)
    return ImportIssue(path.name, refusal, line=1) if refusal else root


def read_limited(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes | ImportIssue:
    """The file's bytes, reading at most one byte past the limit; an issue if over it."""
    try:
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as error:
        return ImportIssue(path.name, f"cannot read the file: {error.strerror or error}")
    if len(data) > max_bytes:
        return ImportIssue(path.name, f"refused: the file is larger than {max_bytes} bytes")
    if not data.strip():
        return ImportIssue(path.name, "the file is empty")
    return data


def dtd_refusal(root: etree._Element) -> str | None:
    """Why the document's DOCTYPE is refused, or None when it has none (or a bare one)."""
    info: Any = root.getroottree().docinfo
    if info.system_url or info.public_id:
        return f"refused: the document refers to an external DTD ({info.system_url})"
    dtd: Any = info.internalDTD
    if dtd is None:
        return None
    names = [str(entity.name) for entity in dtd.iterentities()]
    return _entities_refused(names) if names else None


def _declared_entities(data: bytes) -> list[str]:
    """Entity names declared in a DOCTYPE, found before parsing (ASCII-compatible files)."""
    if b"<!DOCTYPE" not in data:
        return []
    return [m.decode("ascii", "replace") for m in _ENTITY.findall(data)]


def _entities_refused(names: list[str]) -> str:
    return f"refused: the DOCTYPE declares entities ({', '.join(names[:5])})"
