"""Bytes to text: UTF-8 (with or without BOM), UTF-16 and windows-1256, or a clear refusal."""

from __future__ import annotations

from marsad.errors import MarsadError

# Share of C0 control characters (other than tab/newline/CR) above which bytes are binary.
_MAX_CONTROL_SHARE = 0.01


def decode(data: bytes, *, source: str) -> str:
    """Decode a file's bytes, trying BOMs, then strict UTF-8, then windows-1256.

    RETURNS (str): the text with line endings normalised to "\\n".
    RAISES MarsadError E103 for empty input and E102 for bytes that are not text.
    """
    if not data.strip():
        raise MarsadError("E103", source=source)
    text = _decode(data, source=source)
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > _MAX_CONTROL_SHARE * min(len(text), 20000):
        raise MarsadError("E102", source=source)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, *, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4000]:
        # UTF-16 without a BOM shows a NUL in every other byte of ASCII or Arabic text.
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text
        raise MarsadError("E102", source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1256", errors="replace")
    if _looks_like_text(text):
        return text
    raise MarsadError("E102", source=source)


def _looks_like_text(text: str) -> bool:
    sample = text[:5000]
    if not sample:
        return False
    good = sum(1 for ch in sample if ch.isalnum() or ch.isspace() or ch in ".,;:!?،؛؟\"'()-/")
    return good / len(sample) > 0.85
