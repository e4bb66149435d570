"""A small hand-made article and its gold extraction, for the scoring and scorecard tests.

Every field of the visit is filled, so each damage has a visible, hand-computable effect.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemas.dates import PartialDate
from schemas.enums import (
    DelegationKind,
    MeetingKind,
    PersonRole,
    StopKind,
    TopicDomain,
)
from schemas.record import ResultRecord, RunInfo
from schemas.region import Region, ResolutionStatus
from schemas.visit import (
    Agreement,
    ArticleExtraction,
    ArticleInfo,
    CooperationTopic,
    Evidence,
    ItineraryStop,
    Meeting,
    Person,
    Visit,
)

ARTICLE_ID = "900_handmade"

TEXT = """海安党政代表团赴嘉善和吴江学习考察
3月6日至7日，市委书记谭真率党政代表团前往嘉善县、吴江区学习考察。市长赵男男参加活动。
嘉善县委书记江海洋、吴江区委书记李明介绍情况。
代表团先后考察了祥符荡科创绿谷、嘉善县人民医院、吴江东方盛虹集团和同里镇。
两地召开座谈会，签署了《海安嘉善战略合作框架协议》，将在产业发展、乡村振兴等方面深化合作。
"""


def region(name: str, adcode: str, mention: str | None = None) -> Region:
    return Region(
        mention=mention or name, name=name, adcode=adcode, status=ResolutionStatus.RESOLVED
    )


def ev(quote: str) -> Evidence:
    start = TEXT.find(quote)
    return (
        Evidence(quote=quote, start=start, end=start + len(quote))
        if start >= 0
        else Evidence(quote=quote)
    )


def person(name: str, title: str, role: PersonRole) -> Person:
    return Person(name=name, title=title, role=role, evidence=ev(name))


def stop(name: str, kind: StopKind) -> ItineraryStop:
    return ItineraryStop(name=name, kind=kind, evidence=ev(name))


def gold_visit() -> Visit:
    return Visit(
        delegation_name="海安市党政代表团",
        delegation_kind=DelegationKind.PARTY_GOVERNMENT,
        origin=region("海安市", "320685", "海安"),
        destinations=[region("嘉善县", "330421"), region("吴江区", "320509")],
        start_date=PartialDate(month=3, day=6),
        end_date=PartialDate(month=3, day=7),
        delegation_members=[
            person("谭真", "市委书记", PersonRole.LEAD),
            person("赵男男", "市长", PersonRole.MEMBER),
        ],
        hosts=[
            person("江海洋", "嘉善县委书记", PersonRole.HOST),
            person("李明", "吴江区委书记", PersonRole.HOST),
        ],
        itinerary=[
            stop("祥符荡科创绿谷", StopKind.PARK),
            stop("嘉善县人民医院", StopKind.OTHER),
            stop("吴江东方盛虹集团", StopKind.ENTERPRISE),
            stop("同里镇", StopKind.VILLAGE),
        ],
        meetings=[Meeting(kind=MeetingKind.SYMPOSIUM, evidence=ev("两地召开座谈会"))],
        agreements=[
            Agreement(
                description="海安嘉善战略合作框架协议",
                parties=["海安市", "嘉善县"],
                evidence=ev("签署了《海安嘉善战略合作框架协议》"),
            )
        ],
        topics=[
            CooperationTopic(
                domain=TopicDomain.INDUSTRY, detail="产业发展", evidence=ev("产业发展")
            ),
            CooperationTopic(domain=TopicDomain.RURAL, detail="乡村振兴", evidence=ev("乡村振兴")),
        ],
        evidence=ev("市委书记谭真率党政代表团前往嘉善县、吴江区学习考察"),
    )


def gold_extraction() -> ArticleExtraction:
    return ArticleExtraction(
        is_study_visit=True,
        visits=[gold_visit()],
        article=ArticleInfo(title="海安党政代表团赴嘉善和吴江学习考察"),
    )


RUN = RunInfo(model="fake-model", prompt_id="visits-v1", prompt_hash="abc123", schema_hash="def456")


def record(
    extraction: ArticleExtraction | None,
    article_id: str = ARTICLE_ID,
    *,
    reasks: int = 0,
    tokens: Sequence[int] = (0, 0),
    seconds: float = 0.0,
) -> ResultRecord:
    """A results line: ok with the extraction, or failed when it is None."""
    from schemas.record import Failure, Usage

    usage = Usage(
        calls=1 + reasks, reasks=reasks, prompt_tokens=tokens[0], completion_tokens=tokens[1]
    )
    if extraction is None:
        failure = Failure(kind="validation", message="gave up after 2 re-asks")
        return ResultRecord(
            article_id=article_id,
            article_hash="h",
            status="failed",
            failure=failure,
            usage=usage,
            seconds=seconds,
            run=RUN,
        )
    return ResultRecord(
        article_id=article_id,
        article_hash="h",
        status="ok",
        extraction=extraction,
        usage=usage,
        seconds=seconds,
        run=RUN,
    )
