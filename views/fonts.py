"""The report's embedded CJK font: a subset of an open font holding only the glyphs a page uses.

Built with fontTools at report time (imported here only, so `polex score` starts light); the
result is a WOFF data URL in an @font-face rule limited to CJK code points, which the report's
CSP allows (`font-src data:`). No font found: the caller says so in the page.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

# Open CJK fonts polex embeds a subset of, first found first: POLEX_CJK_FONT, then Debian's
# fonts-nanum (NanumGothic, OFL; .ci/run installs it) and fonts-noto-cjk (Noto Sans CJK KR, OFL),
# as other distributions place them. A .ttc names the face index to take (1 = KR in Noto CJK).
CJK_FONTS = (
    ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf", 0, "NanumGothic"),
    ("/usr/share/fonts/nanum/NanumGothic.ttf", 0, "NanumGothic"),
    ("/usr/share/fonts/naver-nanum/NanumGothic.ttf", 0, "NanumGothic"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 1, "Noto Sans CJK KR"),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 1, "Noto Sans CJK KR"),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 1, "Noto Sans CJK KR"),
)
FONT_FAMILY = "polex-cjk"
# What the embedded font covers: Hangul (jamo, compatibility jamo, syllables), CJK symbols and
# punctuation, enclosed CJK, ideographs and full-width forms. Latin stays with the system fonts.
CJK_RANGES = ((0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3130, 0x318F), (0x3200, 0x33FF),
              (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF),
              (0xF900, 0xFAFF), (0xFF00, 0xFFEF))


def _is_cjk(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in CJK_RANGES)


def find_cjk_font() -> tuple[Path, int, str] | None:
    """The first open CJK font file found here (POLEX_CJK_FONT first), or None."""
    import os

    env = os.environ.get("POLEX_CJK_FONT", "").strip()
    if env:
        path = Path(env)
        return (path, 0, path.stem) if path.is_file() else None
    for name, index, family in CJK_FONTS:
        path = Path(name)
        if path.is_file():
            return path, index, family
    return None


def cjk_font_face(text: str, font: tuple[Path, int, str] | None) -> dict[str, Any] | None:
    """A WOFF subset of `font` holding only the CJK characters `text` uses (fontTools, no
    timestamp, so the same text gives the same bytes), as an @font-face rule; None when the
    text has no CJK character. {"css": "", "missing": True} when no font could be used."""
    chars = sorted(cp for cp in map(ord, set(text)) if _is_cjk(cp))  # each distinct character once
    if not chars:
        return None
    if font is None:
        return {"css": "", "missing": True}
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:
        return {"css": "", "missing": True}
    path, index, family = font
    import logging

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # it lists every table it drops
    try:
        # lazy: only the glyphs kept are decoded (same bytes, a tenth of the time)
        tt = TTFont(str(path), fontNumber=index, recalcTimestamp=False, lazy=True)
        cmap = tt.getBestCmap() or {}
        present = [cp for cp in chars if cp in cmap]
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.hinting = False
        options.desubroutinize = True
        sub = subset.Subsetter(options)
        sub.populate(unicodes=present)
        sub.subset(tt)
        import io

        buf = io.BytesIO()
        tt.flavor = "woff"
        tt.save(buf, reorderTables=True)
    except Exception:  # a damaged or unreadable font file: say so, render without it
        return {"css": "", "missing": True}
    data = buf.getvalue()
    ranges = ", ".join(f"U+{lo:04X}-{hi:04X}" for lo, hi in CJK_RANGES)
    css = (f"@font-face {{ font-family: \"{FONT_FAMILY}\"; font-style: normal; font-weight: 400; "
           f"font-display: block; unicode-range: {ranges}; "
           f"src: url(data:font/woff;base64,{base64.b64encode(data).decode('ascii')}) format(\"woff\"); }}")
    return {"css": css, "missing": False, "name": family, "glyphs": len(present), "bytes": len(data),
            "chars": len(chars)}
