"""Place resolution: full names, short names, compounds, zones, ambiguity and context."""

from __future__ import annotations

import pytest

from extract.resolve.gazetteer import Gazetteer, clean_mention, normalize_name, same_region
from schemas.enums import RegionLevel
from schemas.region import ResolutionStatus


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


RESOLVED_IDS = [
    "haian",
    "haian-shi",
    "wujiang",
    "wujiang-qu",
    "suzhou-wujiang-qu",
    "suzhou-shi-wujiang-qu",
    "jiashan",
    "jiaxing",
    "zhangjiagang",
    "jiangyin",
    "haining",
    "cixi",
    "pinghu",
    "rudong",
    "rudong-xian",
    "qidong",
    "hubei",
    "hubei-sheng",
    "jiangsu",
    "anhui",
    "zhejiang",
    "hangzhou",
    "nanjing",
    "zhejiang-jiaxing-jiashan-compound",
    "nanjing-qixia-compound",
    "haian-delegation",
    "qidong-delegation",
    "cpc-haian-committee",
    "wujiang-committee-and-government",
    "jiangsu-committee",
    "committee-prefix",
    "haian-xian-former-name",
    "pudong-xinqu-is-a-division",
    "shanghai-pudong",
    "xiantao-under-province",
    "chongqing-jiangbei",
    "neimenggu-short",
    "yanbian-autonomous-prefecture",
    "guangdong-short-name",
    "shanghai-short-name",
    "ningbo-short-name",
    "fuzhou-short-name",
    "dongxiang-county-of-its-people",
    "dongxiang-autonomous-county",
    "banner-by-its-side",
    "banner-by-its-side-under-its-league",
    "tumote-left-banner",
    "wulate-front-banner",
    "kezhou-abbreviation",
    "bazhou-abbreviation-is-bayingolin",
    "bazhou-district-by-its-level",
    "ximeng-under-its-region",
    "wushi-abbreviation",
]
RESOLVED = [
    ("海安", "320685", "海安市"),
    ("海安市", "320685", "海安市"),
    ("吴江", "320509", "吴江区"),
    ("吴江区", "320509", "吴江区"),
    ("苏州吴江区", "320509", "吴江区"),
    ("苏州市吴江区", "320509", "吴江区"),
    ("嘉善", "330421", "嘉善县"),
    ("嘉兴", "330400", "嘉兴市"),
    ("张家港", "320582", "张家港市"),
    ("江阴", "320281", "江阴市"),
    ("海宁", "330481", "海宁市"),
    ("慈溪", "330282", "慈溪市"),
    ("平湖", "330482", "平湖市"),
    ("如东", "320623", "如东县"),
    ("如东县", "320623", "如东县"),
    ("启东", "320681", "启东市"),
    ("湖北", "420000", "湖北省"),
    ("湖北省", "420000", "湖北省"),
    ("江苏", "320000", "江苏省"),
    ("安徽", "340000", "安徽省"),
    ("浙江", "330000", "浙江省"),
    ("杭州", "330100", "杭州市"),
    ("南京", "320100", "南京市"),
    ("浙江省嘉兴市嘉善县", "330421", "嘉善县"),
    ("南京市栖霞区", "320113", "栖霞区"),
    ("海安市党政代表团", "320685", "海安市"),
    ("启东市党政代表团", "320681", "启东市"),
    ("中共海安市委", "320685", "海安市"),
    ("吴江区委区政府", "320509", "吴江区"),
    ("江苏省委", "320000", "江苏省"),
    ("市委江苏省", "320000", "江苏省"),
    ("海安县", "320685", "海安市"),  # a former name still finds its successor by short name
    ("浦东新区", "310115", "浦东新区"),
    ("上海市浦东新区", "310115", "浦东新区"),
    ("仙桃", "429004", "仙桃市"),
    ("重庆市江北区", "500105", "江北区"),
    ("内蒙古", "150000", "内蒙古自治区"),
    ("延边", "222400", "延边朝鲜族自治州"),
    ("粤", "440000", "广东省"),  # a province's one-character short name
    ("沪", "310000", "上海市"),
    ("甬", "330200", "宁波市"),  # a city's established one-character name (来甬考察)
    ("榕", "350100", "福州市"),
    ("东乡县", "622926", "东乡族自治县"),  # a county named after its people, by that name
    ("东乡族自治县", "622926", "东乡族自治县"),
    ("科右中旗", "152222", "科尔沁右翼中旗"),  # a banner written by its side
    ("兴安盟科右中旗", "152222", "科尔沁右翼中旗"),
    ("土左旗", "150121", "土默特左旗"),
    ("乌前旗", "150823", "乌拉特前旗"),
    ("克州", "653000", "克孜勒苏柯尔克孜自治州"),  # an established abbreviation
    ("巴州", "652800", "巴音郭楞蒙古自治州"),
    ("巴州区", "511902", "巴州区"),
    ("内蒙古锡盟", "152500", "锡林郭勒盟"),
    ("乌市", "650100", "乌鲁木齐市"),
]


@pytest.mark.parametrize(("mention", "adcode", "name"), RESOLVED, ids=RESOLVED_IDS)
def test_resolves(gaz: Gazetteer, mention: str, adcode: str, name: str) -> None:
    region = gaz.resolve(mention)
    assert region.status is ResolutionStatus.RESOLVED
    assert (region.adcode, region.name, region.mention) == (adcode, name, mention)


LEVELS_IDS = [
    "wujiang-district",
    "haian-county-city",
    "jiaxing-prefecture",
    "hubei-province",
    "shanghai-municipality",
    "pudong-municipal-district",
    "beijing-daxing",
    "xiantao-province-administered",
    "enshi-zizhizhou",
    "xilinguole-meng",
    "hetian-diqu",
]
LEVELS = [
    ("吴江区", RegionLevel.COUNTY, ("苏州市", "江苏省")),
    ("海安", RegionLevel.COUNTY, ("南通市", "江苏省")),
    ("嘉兴", RegionLevel.PREFECTURE, ("浙江省",)),
    ("湖北", RegionLevel.PROVINCE, ()),
    ("上海", RegionLevel.PROVINCE, ()),
    ("浦东新区", RegionLevel.COUNTY, ("上海市",)),
    ("北京市大兴区", RegionLevel.COUNTY, ("北京市",)),
    ("仙桃市", RegionLevel.COUNTY, ("湖北省",)),
    ("恩施土家族苗族自治州", RegionLevel.PREFECTURE, ("湖北省",)),
    ("锡林郭勒盟", RegionLevel.PREFECTURE, ("内蒙古自治区",)),
    ("和田地区", RegionLevel.PREFECTURE, ("新疆维吾尔自治区",)),
]


@pytest.mark.parametrize(("mention", "level", "parents"), LEVELS, ids=LEVELS_IDS)
def test_level_and_parents(
    gaz: Gazetteer, mention: str, level: RegionLevel, parents: tuple
) -> None:
    region = gaz.resolve(mention)
    assert (region.level, region.parents) == (level, parents)


AMBIGUOUS_IDS = [
    "gulou-four-cities",
    "chaoyang-district-city-county",
    "tongzhou-beijing-nantong",
]
AMBIGUOUS = [
    ("鼓楼区", {"320106", "320302", "350102", "410204"}),
    ("朝阳", {"110105", "211300", "211321", "220104"}),
    ("通州", {"110112", "320612"}),
]


@pytest.mark.parametrize(("mention", "codes"), AMBIGUOUS, ids=AMBIGUOUS_IDS)
def test_ambiguous_without_context(gaz: Gazetteer, mention: str, codes: set[str]) -> None:
    region = gaz.resolve(mention)
    assert region.status is ResolutionStatus.AMBIGUOUS
    assert region.adcode is None and region.name is None
    assert {c.split()[0] for c in region.candidates} == codes


@pytest.mark.parametrize(
    ("mention", "adcode"),
    [
        ("长沙", "430100"),  # not 长沙县, which lies inside it
        ("河南", "410000"),  # not 河南蒙古族自治县
        ("吉林", "220000"),  # the province before the city inside it
        ("海南", "460000"),  # the province before 乌海's 海南区
        ("甘南", "623000"),  # the autonomous prefecture before 甘南县 of 黑龙江
        ("阿坝", "513200"),  # the prefecture before 阿坝县 inside it
    ],
)
def test_a_bare_name_is_the_division_known_by_it(gaz: Gazetteer, mention: str, adcode: str):
    region = gaz.resolve(mention)
    assert (region.status, region.adcode) == (ResolutionStatus.RESOLVED, adcode)


def test_a_bare_name_the_text_narrows_is_the_narrower_division(gaz: Gazetteer) -> None:
    assert gaz.resolve("吉林", ["吉林市"]).adcode == "220200"


def test_a_provinces_own_name_is_the_province_beside_a_smaller_namesake_of_the_context(
    gaz: Gazetteer,
) -> None:
    assert gaz.resolve("海南", ["青海"]).adcode == "460000"  # not 海南州 in 青海
    assert gaz.resolve("海南州", ["青海"]).adcode == "632500"


WITH_CONTEXT_IDS = [
    "gulou-in-fujian",
    "gulou-in-nanjing",
    "tongzhou-in-jiangsu",
    "tongzhou-in-beijing",
    "chaoyang-in-beijing",
    "jiangbei-in-chongqing",
    "county-delegation-in-rudong",
    "county-word-in-context",
    "tongzhou-context-sentence",
]
WITH_CONTEXT = [
    ("鼓楼区", ["福建省"], "350102"),
    ("鼓楼区", ["南京市"], "320106"),
    ("通州", ["江苏省"], "320612"),
    ("通州", ["北京"], "110112"),
    ("朝阳", ["北京市"], "110105"),
    ("江北区", ["重庆"], "500105"),
    ("县党政代表团", ["如东县"], "320623"),
    ("县", ["江苏省", "如东县"], "320623"),
    ("通州", ["南通市委书记到通州区调研"], "320612"),
]


@pytest.mark.parametrize(
    ("mention", "context", "adcode"),
    WITH_CONTEXT,
    ids=WITH_CONTEXT_IDS,
)
def test_context_resolves(gaz: Gazetteer, mention: str, context: list[str], adcode: str) -> None:
    region = gaz.resolve(mention, context)
    assert (region.status, region.adcode) == (ResolutionStatus.RESOLVED, adcode)


def test_context_that_does_not_help_keeps_it_ambiguous(gaz: Gazetteer) -> None:
    region = gaz.resolve("鼓楼区", ["江苏省"])  # 南京 and 徐州 both have one
    assert region.status is ResolutionStatus.AMBIGUOUS
    assert len(region.candidates) == 2


def test_context_outside_all_candidates_keeps_them(gaz: Gazetteer) -> None:
    region = gaz.resolve("通州", ["浙江省"])
    assert region.status is ResolutionStatus.AMBIGUOUS


def test_unique_full_name_beats_shared_short_name(gaz: Gazetteer) -> None:
    assert gaz.resolve("朝阳市").adcode == "211300"


UNRESOLVED_IDS = [
    "unknown-mars",
    "cannot-segment",
    "county-delegation-without-context",
    "committee-without-context",
    "wrong-parent",
    "empty",
]
UNRESOLVED = ["火星市", "大美海安", "县党政代表团", "市委", "苏州市如东县", ""]


@pytest.mark.parametrize("mention", UNRESOLVED, ids=UNRESOLVED_IDS)
def test_unknown_is_unresolved(gaz: Gazetteer, mention: str) -> None:
    region = gaz.resolve(mention)
    assert region.status is ResolutionStatus.UNRESOLVED
    assert region.adcode is None and region.candidates == ()


ZONES_IDS = [
    "suzhou-industrial-park",
    "liangjiang-new-area",
    "pinghu-dev-zone-by-suffix",
    "jiangyin-high-tech-zone",
    "yrd-demonstration-zone",
]
ZONES = [
    ("苏州工业园区", "苏州工业园区", ("苏州市", "江苏省")),
    ("两江新区", "两江新区", ("重庆市",)),
    ("平湖经开区", "平湖经开区", ("平湖市", "嘉兴市", "浙江省")),
    ("江阴高新区", "江阴高新区", ("江阴市", "无锡市", "江苏省")),
    (
        "长三角生态绿色一体化发展示范区",
        "长三角生态绿色一体化发展示范区",
        ("青浦区", "吴江区", "嘉善县"),
    ),
]


@pytest.mark.parametrize(("mention", "name", "parents"), ZONES, ids=ZONES_IDS)
def test_zone_is_not_a_division(gaz: Gazetteer, mention: str, name: str, parents: tuple) -> None:
    region = gaz.resolve(mention)
    assert region.status is ResolutionStatus.ZONE
    assert (region.name, region.parents, region.adcode, region.level) == (name, parents, None, None)


NORMALIZED_IDS = [
    "wujiang-qu",
    "haian-shi",
    "hubei-sheng",
    "jiashan-xian",
    "jingxian-two-chars",
    "shaxian-two-chars",
    "hexian-two-chars",
    "kuangqu-two-chars",
    "pudong-xinqu",
    "shennongjia-linqu",
    "enshi-zizhizhou",
    "shizhu-zizhixian",
    "elunchun-zizhiqi",
    "guangxi-zizhiqu",
    "xinjiang-zizhiqu",
    "neimenggu-zizhiqu",
    "xilinguole-meng",
    "ali-diqu",
    "xianggang-tebie",
]
NORMALIZED = [
    ("吴江区", "吴江"),
    ("海安市", "海安"),
    ("湖北省", "湖北"),
    ("嘉善县", "嘉善"),
    ("泾县", "泾县"),
    ("沙县", "沙县"),
    ("和县", "和县"),
    ("矿区", "矿区"),
    ("浦东新区", "浦东"),
    ("神农架林区", "神农架"),
    ("恩施土家族苗族自治州", "恩施"),
    ("石柱土家族自治县", "石柱"),
    ("鄂伦春自治旗", "鄂伦春"),
    ("广西壮族自治区", "广西"),
    ("新疆维吾尔自治区", "新疆"),
    ("内蒙古自治区", "内蒙古"),
    ("锡林郭勒盟", "锡林郭勒"),
    ("阿里地区", "阿里"),
    ("香港特别行政区", "香港"),
]


@pytest.mark.parametrize(("name", "key"), NORMALIZED, ids=NORMALIZED_IDS)
def test_normalize_name(name: str, key: str) -> None:
    assert normalize_name(name) == key


CLEANED_IDS = [
    "delegation-suffix",
    "cpc-prefix",
    "party-delegation",
    "committee-and-government",
    "people-government",
    "spaces",
]
CLEANED = [
    ("海安市党政代表团", "海安市"),
    ("中共吴江区委", "吴江区"),
    ("中国共产党友好代表团", "中国共产党友好"),  # the Party's delegation: no 友好区
    ("启东市委、市政府", "启东市"),
    ("嘉善县人民政府", "嘉善县"),
    (" 苏州 吴江 ", "苏州吴江"),
]


@pytest.mark.parametrize(("mention", "cleaned"), CLEANED, ids=CLEANED_IDS)
def test_clean_mention(mention: str, cleaned: str) -> None:
    assert clean_mention(mention) == cleaned


SAME_IDS = [
    "short-vs-full",
    "compound-vs-short",
    "adcode-vs-short",
    "former-vs-current",
    "different-districts",
    "tongzhou-suffix-insensitive",
    "ambiguous-vs-code",
    "identical-unknown",
]
SAME = [
    ("吴江", "吴江区", True),
    ("苏州市吴江区", "吴江", True),
    ("320509", "吴江", True),
    ("海安县", "海安市", True),
    ("吴江区", "吴中区", False),
    ("通州", "通州区", True),  # suffix-insensitive, as the eval rule says
    ("鼓楼区", "320106", False),  # ambiguous names never match a code by guess
    ("火星", "火星", True),
]


@pytest.mark.parametrize(("a", "b", "same"), SAME, ids=SAME_IDS)
def test_same_region(a: str, b: str, same: bool) -> None:
    assert same_region(a, b) is same


def test_lookup(gaz: Gazetteer) -> None:
    division = gaz.lookup("320509")
    assert division is not None and division.name == "吴江区" and division.parent == "320500"
    assert gaz.lookup("999999") is None


SOURCE_CHECKS_IDS = [
    "haian-shi",
    "wujiang-qu",
    "daxing-qu",
    "chongming-qu",
    "hean-xian-2024",
    "baiyang-shi-2023",
    "shaxian-qu-2021",
]
SOURCE_CHECKS = [
    ("320685", "海安市"),
    ("320509", "吴江区"),
    ("110115", "大兴区"),
    ("310151", "崇明区"),
    ("653229", "和安县"),
    ("659012", "白杨市"),
    ("350405", "沙县区"),
]


@pytest.mark.parametrize(("adcode", "name"), SOURCE_CHECKS, ids=SOURCE_CHECKS_IDS)
def test_data_is_current(gaz: Gazetteer, adcode: str, name: str) -> None:
    division = gaz.lookup(adcode)
    assert division is not None and division.name == name


def test_data_has_no_retired_names(gaz: Gazetteer) -> None:
    assert "海安县" not in gaz.by_name and "吴江市" not in gaz.by_name


def test_data_shape(gaz: Gazetteer) -> None:
    levels = [d.level for d in gaz.divisions.values()]
    assert levels.count(RegionLevel.PROVINCE) == 34
    assert levels.count(RegionLevel.PREFECTURE) == 333
    assert all(d.parent in gaz.divisions for d in gaz.divisions.values() if d.parent)


def _cli(*args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from extract.cli import _register, app

    _register()
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_cli_place() -> None:
    code, out = _cli("resolve", "place", "吴江")
    assert code == 0 and "320509" in out and "苏州市 < 江苏省" in out


def test_cli_place_ambiguous_lists_candidates() -> None:
    code, out = _cli("resolve", "place", "通州")
    assert code == 0 and "ambiguous" in out and "110112 通州区" in out and "320612 通州区" in out


def test_cli_place_context_json() -> None:
    import json

    code, out = _cli("resolve", "place", "通州", "--context", "江苏省", "--json")
    assert code == 0 and json.loads(out)["adcode"] == "320612"


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("甘孜州", "甘孜藏族自治州"),  # not 甘孜县: the 州 written settles it
        ("凉山州", "凉山彝族自治州"),
        ("恩施州", "恩施土家族苗族自治州"),
        ("苏州", "苏州市"),  # a two-character name keeps its 州
        ("徐州", "徐州市"),
    ],
)
def test_an_autonomous_prefecture_goes_by_its_short_form(mention, name):
    assert Gazetteer.load().resolve(mention).name == name


@pytest.mark.parametrize("mention", ["宁", "青", "新", "台", "贵", "云"])
def test_a_short_name_shared_with_a_city_a_country_or_a_word_is_not_resolved(
    gaz: Gazetteer, mention: str
) -> None:
    assert not gaz.resolve(mention).resolved
