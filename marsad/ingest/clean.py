"""Plain-text articles: find the title and keep page clutter out of the body."""

from __future__ import annotations

import re

# Lines a web page leaves in copied text that are not part of the article: font-size widgets,
# share buttons, "read also" links, and photo captions that end in a credit "(Photographer/Agency)".
_CLUTTER = [
    re.compile(r"^[+\-]?\s*(الخط|حجم الخط|تكبير الخط|تصغير الخط)\s*[+\-]?$"),
    re.compile(r"^(شارك|مشاركة|طباعة|أرسل|ارسل|تغريد|اقرأ أيضا|اقرأ أيضاً|اقرأ ايضا|إقرأ أيضاً|المزيد)\s*[:：]?\s*$"),
    re.compile(r"^(فيسبوك|تويتر|واتساب|تلغرام|Facebook|Twitter|WhatsApp)(\s+(فيسبوك|تويتر|واتساب|تلغرام|Facebook|Twitter|WhatsApp))*$"),
    re.compile(r"^.{0,160}\((?:تصوير|الصورة|صورة|أرشيف|ارشيف)?[^()\n]{0,60}/[^()\n]{0,60}\)\s*$"),
    re.compile(r"^(الصورة|صورة|تصوير)\s*[:：].{0,120}$"),
]
# A first line longer than this, or ending like a sentence, is body text, not a title.
_MAX_TITLE_CHARS = 200


def is_clutter(line: str) -> bool:
    stripped = line.strip()
    if stripped.endswith((".", "؟", "!")) and not stripped.endswith(")."):
        return False
    return any(p.match(stripped) for p in _CLUTTER)


def split_title(text: str) -> tuple[str | None, str]:
    """Take the first line as the title when it looks like one; drop clutter lines.

    RETURNS (tuple): (title or None, body). A body line repeating the title is dropped.
    """
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    title = None
    if first is not None:
        candidate = lines[first].strip()
        rest = [line for line in lines[first + 1 :] if line.strip()]
        if rest and len(candidate) <= _MAX_TITLE_CHARS and not candidate.endswith((".", ":", "،", "؛")):
            title = candidate
            lines = lines[first + 1 :]
    body = [line.rstrip() for line in lines if not is_clutter(line)]
    if title is not None:
        body = [line for line in body if line.strip() != title]
    return title, _squeeze_blank_lines("\n".join(body)).strip()


def _squeeze_blank_lines(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text)
