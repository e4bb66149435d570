"""Assembling a visit from its draft: places resolved, one region once."""

from __future__ import annotations

import datetime as dt

from extract.pipeline.assemble import Assembler
from extract.resolve.dates import resolve_dates
from extract.resolve.gazetteer import resolve
from extract.resolve.grounding import TextIndex
from schemas.draft import VisitDraft
from schemas.enums import DelegationKind, VisitStatus
from schemas.visit import Visit

TEXT = "如东县党政代表团赴张家港市、江阴市学习考察。代表团在江苏省张家港市参观了企业。"


def _draft(origin: str, destinations: list[str], evidence: str) -> VisitDraft:
    """A draft of a visit with its places and nothing else."""
    return VisitDraft.model_construct(
        delegation_name=f"{origin}党政代表团",
        delegation_kind=DelegationKind.PARTY_GOVERNMENT,
        origin=origin,
        destinations=destinations,
        date_text=None,
        delegation_members=[],
        hosts=[],
        itinerary=[],
        meetings=[],
        agreements=[],
        topics=[],
        evidence=evidence,
    )


def _assembled(text: str, draft: VisitDraft) -> Visit:
    return Assembler(TextIndex(text), None, resolve, resolve_dates).visit(draft)


def test_a_destination_written_twice_in_two_forms_is_kept_once():
    draft = _draft("如东县", ["张家港市", "江阴市", "江苏省张家港市"], "如东县党政代表团赴张家港市")
    visit = _assembled(TEXT, draft)
    assert [d.name for d in visit.destinations] == ["张家港市", "江阴市"]


def test_a_name_two_regions_bear_is_the_one_whose_enclosing_region_the_text_names():
    text = "9月5日，区委书记甲某率通州区党政代表团赴三河市考察，对接北京城市副中心建设。"
    draft = _draft("通州区", ["三河市"], "率通州区党政代表团赴三河市考察")
    assert _assembled(text, draft).origin.adcode == "110112"
    plain = text.replace("，对接北京城市副中心建设", "")
    # neither 北京 nor 南通 named: left ambiguous
    assert _assembled(plain, draft).origin.adcode is None


def test_a_trip_dated_with_its_year_after_the_page_was_published_is_planned():
    text = "关于组织赴寿光市学习考察的通知。考察时间：2024年5月22日至24日。"
    draft = _draft("太谷区", ["寿光市"], "关于组织赴寿光市学习考察的通知").model_copy(
        update={"date_text": "2024年5月22日至24日", "status": VisitStatus.COMPLETED}
    )
    published = Assembler(TextIndex(text), dt.date(2024, 5, 15), resolve, resolve_dates)
    assert published.visit(draft).status is VisitStatus.PLANNED
    after = Assembler(TextIndex(text), dt.date(2024, 5, 25), resolve, resolve_dates)
    assert after.visit(draft).status is VisitStatus.COMPLETED
    no_year = draft.model_copy(update={"date_text": "5月22日至24日"})  # a year taken from the page
    assert published.visit(no_year).status is VisitStatus.COMPLETED
