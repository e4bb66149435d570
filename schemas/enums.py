"""Closed sets of the contract. Values are what the model writes and what gold files hold."""

from __future__ import annotations

from enum import StrEnum


class DelegationKind(StrEnum):
    PARTY_GOVERNMENT = "党政代表团"
    GOVERNMENT = "政府代表团"
    INSPECTION = "考察团"
    OTHER = "其他"


class VisitStatus(StrEnum):
    COMPLETED = "completed"
    PLANNED = "planned"


class RegionLevel(StrEnum):
    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"


class PersonRole(StrEnum):
    LEAD = "lead"
    MEMBER = "member"
    HOST = "host"


class StopKind(StrEnum):
    ENTERPRISE = "enterprise"
    RESEARCH = "research"
    PARK = "park"
    VILLAGE = "village"
    EXHIBITION = "exhibition"
    GOVERNMENT = "government"
    PROJECT = "project"
    OTHER = "other"


class MeetingKind(StrEnum):
    SYMPOSIUM = "座谈会"
    EXCHANGE = "交流会"
    MEETING = "会见"
    SIGNING = "签约仪式"
    OTHER = "其他"


class TopicDomain(StrEnum):
    INDUSTRY = "产业发展"
    INNOVATION = "科技创新"
    RURAL = "乡村振兴"
    GOVERNANCE = "社会治理"
    ECOLOGY = "生态环保"
    INFRASTRUCTURE = "交通基建"
    CULTURE_TOURISM = "文化旅游"
    BUSINESS_ENVIRONMENT = "营商环境"
    PARKS_PLATFORMS = "园区平台"
    TALENT_CADRES = "人才干部"
    PUBLIC_SERVICES = "民生服务"
    REGIONAL_COORDINATION = "区域协同"
    INVESTMENT_PROJECTS = "招商项目"
    URBAN_DEVELOPMENT = "城市建设"
    PAIRING_ASSISTANCE = "对口合作"
    OTHER = "其他"


# One-line Chinese definitions, used in field descriptions and prompts.
TOPIC_DEFINITIONS: dict[TopicDomain, str] = {
    TopicDomain.INDUSTRY: "产业、制造业、企业发展、产业链",
    TopicDomain.INNOVATION: "科技、研发、创新平台、实验室、数字化",
    TopicDomain.RURAL: "乡村、农业、农村改革、共同富裕",
    TopicDomain.GOVERNANCE: "基层治理、社会治理、平安建设",
    TopicDomain.ECOLOGY: "生态、环保、绿色低碳、治水",
    TopicDomain.INFRASTRUCTURE: "交通、港口、铁路、基础设施",
    TopicDomain.CULTURE_TOURISM: "文化、旅游、文旅融合",
    TopicDomain.BUSINESS_ENVIRONMENT: "营商环境、政务服务改革、最多跑一次",
    TopicDomain.PARKS_PLATFORMS: "开发区、园区、平台建设",
    TopicDomain.TALENT_CADRES: "人才、干部交流、干部作风",
    TopicDomain.PUBLIC_SERVICES: "教育、医疗、养老等民生",
    TopicDomain.REGIONAL_COORDINATION: "区域一体化、长三角、长江经济带、协同发展",
    TopicDomain.INVESTMENT_PROJECTS: "招商引资、项目建设、项目对接",
    TopicDomain.URBAN_DEVELOPMENT: "城市规划、城市更新、城市建设",
    TopicDomain.PAIRING_ASSISTANCE: "对口支援、对口协作、结对帮扶",
    TopicDomain.OTHER: "以上都不是",
}
