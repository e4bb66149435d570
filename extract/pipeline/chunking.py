"""Long articles: split on paragraph boundaries with overlap, and merge the parts' visits.

A part holds whole paragraphs up to a character budget, and repeats the last paragraph of
the part before it, so a sentence that names the delegation is seen with what follows.
Only the first `max_parts` parts are asked about; a note says which characters the rest held.
Visits of the same delegation from the same origin are one trip and merge into one.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.draft import ExtractionDraft, VisitDraft, squash


@dataclass(frozen=True)
class Part:
    """Paragraphs ``text[start:end]`` of the article, joined by newlines."""

    text: str
    index: int
    start: int
    end: int


Piece = tuple[int, str]  # a paragraph (or a cut of one) and where it starts in the text


def split_paragraphs(text: str, max_chars: int, overlap: int = 1) -> list[Part]:
    """Parts of at most `max_chars` (a longer single paragraph is cut at sentence ends)."""
    paragraphs = [p for p in _paragraphs(text, max_chars) if p[1].strip()]
    parts: list[list[Piece]] = [[]]
    size = 0
    for piece in paragraphs:
        para = piece[1]
        if parts[-1] and size + len(para) > max_chars:
            carry = parts[-1][-overlap:] if overlap else []
            if sum(len(c) for _, c in carry) + len(para) > max_chars:
                carry = []
            parts.append(list(carry))
            size = sum(len(c) for _, c in carry)
        parts[-1].append(piece)
        size += len(para) + 1
    return [_part(p, i) for i, p in enumerate(parts) if p]


def _part(pieces: list[Piece], index: int) -> Part:
    start, (last_start, last) = pieces[0][0], pieces[-1]
    return Part("\n".join(p for _, p in pieces), index, start, last_start + len(last))


def _paragraphs(text: str, max_chars: int) -> list[Piece]:
    out: list[Piece] = []
    start = 0
    for line in text.split("\n"):
        para, at = line, start
        while len(para) > max_chars:
            cut = max(para.rfind("。", 0, max_chars), para.rfind("；", 0, max_chars))
            cut = cut + 1 if cut > 0 else max_chars
            out.append((at, para[:cut]))
            para, at = para[cut:], at + cut
        out.append((at, para))
        start += len(line) + 1
    return out


def keep_parts(parts: list[Part], max_parts: int) -> tuple[list[Part], str | None]:
    """The first `max_parts` parts, and a note of the characters the rest hold (or None)."""
    if len(parts) <= max_parts:
        return parts, None
    kept = parts[: max(1, max_parts)]
    left_out = f"characters {kept[-1].end}–{parts[-1].end} left out"
    return kept, f"kept {len(kept)} of {len(parts)} parts; {left_out}"


def merge_drafts(drafts: list[ExtractionDraft]) -> ExtractionDraft:
    """One draft from the parts' drafts: same origin and delegation → one visit."""
    merged: list[VisitDraft] = []
    for draft in drafts:
        for visit in draft.visits:
            twin = next((m for m in merged if _same_trip(m, visit)), None)
            if twin is None:
                merged.append(visit)
            else:
                merged[merged.index(twin)] = _merge_visit(twin, visit)
    return ExtractionDraft.model_construct(is_study_visit=bool(merged), visits=merged)


def _same_trip(a: VisitDraft, b: VisitDraft) -> bool:
    return squash(a.origin) == squash(b.origin) or squash(a.delegation_name) == squash(
        b.delegation_name
    )


def _merge_visit(a: VisitDraft, b: VisitDraft) -> VisitDraft:
    lists = ("delegation_members", "hosts", "itinerary", "meetings", "agreements", "topics")
    update: dict[str, object] = {name: _union(getattr(a, name), getattr(b, name)) for name in lists}
    update["destinations"] = _union(a.destinations, b.destinations)
    update["date_text"] = a.date_text or b.date_text
    return a.model_copy(update=update)


def _union(first: list, second: list) -> list:
    seen = {_key(x) for x in first}
    return list(first) + [x for x in second if _key(x) not in seen]


def _key(item: object) -> str:
    if isinstance(item, str):
        return squash(item)
    for attr in ("name", "domain", "description", "evidence"):
        value = getattr(item, attr, None)
        if value is not None:
            return f"{attr}:{value}"
    return repr(item)
