"""Numbers as the genre writes them: Arabic (1,200.5) or Chinese numerals (三十, 十三点六六).

>>> number("1,200"), number("三十")
(Decimal('1200'), Decimal('30'))
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点"


def number(text: str) -> Decimal | None:
    """`text` as a Decimal, or None if it is not a number."""
    text = text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    try:
        import cn2an  # noqa: PLC0415  (imported lazily: it is slow to import)

        return Decimal(str(cn2an.cn2an(text, "smart")))
    except Exception:  # cn2an raises bare ValueErrors of several kinds
        return None
