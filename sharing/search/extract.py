"""The words inside uploaded files, for search.

PDF through pypdf (pure Python); DOCX and ODT are zip files of XML, read with
the standard library; plain text as UTF-8 (Latin-1 as a fallback). Anything
else, or a file that cannot be read, gives no text: search then knows the
document by its title and description only.
"""

import io
import logging
import re
import zipfile
from xml.etree import ElementTree

logger = logging.getLogger(__name__)

MAX_CHARS = 500_000
TEXT_EXTENSIONS = (".txt", ".md", ".csv")


def extract_text(name: str, data: bytes) -> str:
    name = (name or "").lower()
    try:
        if name.endswith(".pdf") or data[:5] == b"%PDF-":
            text = _pdf(data)
        elif name.endswith(".docx"):
            text = _zipped_xml(data, "word/document.xml", paragraph_tag="p")
        elif name.endswith(".odt"):
            text = _zipped_xml(data, "content.xml", paragraph_tag="p")
        elif name.endswith(TEXT_EXTENSIONS):
            text = _plain(data)
        else:
            return ""
    except Exception:  # a broken upload must not break the upload
        logger.warning("Could not extract text from %s", name, exc_info=True)
        return ""
    return re.sub(r"\s+", " ", text).strip()[:MAX_CHARS]


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _zipped_xml(data: bytes, member: str, *, paragraph_tag: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
        if info.file_size > 50 * 1024 * 1024:  # a zip bomb is not a document
            return ""
        root = ElementTree.fromstring(archive.read(member))  # noqa: S314 (no DTDs/entities in stdlib)
    parts = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        if element.text and local in ("t", "p", "span", "h"):
            parts.append(element.text)
        if local == paragraph_tag:
            parts.append("\n")
        if element.tail and local in ("span", "s", "tab"):
            parts.append(element.tail)
    return " ".join(parts)


def _plain(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")
