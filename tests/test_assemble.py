"""Assembling a visit from its draft: places resolved, one region once."""

from __future__ import annotations

from extract.pipeline.assemble import Assembler
from extract.resolve.dates import resolve_dates
from extract.resolve.gazetteer import resolve
from extract.resolve.grounding import TextIndex
from schemas.draft import VisitDraft
from schemas.enums import DelegationKind

TEXT = "如东县党政代表团赴张家港市、江阴市学习考察。代表团在江苏省张家港市参观了企业。"


def test_a_destination_written_twice_in_two_forms_is_kept_once():
    draft = VisitDraft.model_construct(
        delegation_name="如东县党政代表团",
        delegation_kind=DelegationKind.PARTY_GOVERNMENT,
        origin="如东县",
        destinations=["张家港市", "江阴市", "江苏省张家港市"],
        date_text=None,
        delegation_members=[],
        hosts=[],
        itinerary=[],
        meetings=[],
        agreements=[],
        topics=[],
        evidence="如东县党政代表团赴张家港市",
    )
    visit = Assembler(TextIndex(TEXT), None, resolve, resolve_dates).visit(draft)
    assert [d.name for d in visit.destinations] == ["张家港市", "江阴市"]


def test_a_name_two_regions_bear_is_the_one_whose_enclosing_region_the_text_names():
    text = "9月5日，区委书记甲某率通州区党政代表团赴三河市考察，对接北京城市副中心建设。"
    draft = VisitDraft.model_construct(
        delegation_name="通州区党政代表团",
        delegation_kind=DelegationKind.PARTY_GOVERNMENT,
        origin="通州区",
        destinations=["三河市"],
        date_text=None,
        delegation_members=[],
        hosts=[],
        itinerary=[],
        meetings=[],
        agreements=[],
        topics=[],
        evidence="率通州区党政代表团赴三河市考察",
    )
    visit = Assembler(TextIndex(text), None, resolve, resolve_dates).visit(draft)
    assert visit.origin.adcode == "110112"
    plain = text.replace("，对接北京城市副中心建设", "")
    unnamed = Assembler(TextIndex(plain), None, resolve, resolve_dates).visit(draft)
    assert unnamed.origin.adcode is None  # neither 北京 nor 南通 named: left ambiguous
