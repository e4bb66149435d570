"""Resolve place mentions (海安, 苏州市吴江区, 县党政代表团) to administrative divisions.

The gazetteer is a shipped TSV of China's province-, prefecture- and county-level divisions
(see ``data/gazetteer/SOURCE.md``), a short list of development zones, and the provinces'
one-character short names (粤, 沪: ``short_names.tsv``), and the established abbreviations of
a few prefectures (克州, 锡盟: ``abbreviations.tsv``). ``resolve`` never
guesses: a name shared by several divisions comes back ``ambiguous`` with its candidates unless
a parent in the mention or in ``context`` singles one out, and an unknown name ``unresolved``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from extract.errors import DataFileError
from schemas.draft import ORGAN_NAME
from schemas.enums import RegionLevel
from schemas.region import Region, ResolutionStatus

DATA_DIR = "data/gazetteer"
LEVEL_WORDS = {"省", "市", "县", "区", "州", "盟", "旗"}
ZONE_SUFFIX = re.compile(
    r"(工业园区|经济技术开发区|经济开发区|高新技术产业开发区|高新技术开发区|开发区|高新区|经开区"
    r"|综合保税区|保税区|自由贸易试验区|自贸试验区|自贸区|示范区|合作区|产业园|科技园|园区|科技城"
    r"|生态城|新区)$"
)
_DELEGATION_TAIL = re.compile(r"(党政代表团|党政考察团|政府代表团|学习考察团|考察团|代表团|一行)$")
_ORGAN_TAIL = re.compile(
    r"(?<=[省市县区州盟旗])(?:[、和及]?[省市县区州盟旗]?(?:委员会|人民政府|政府|党委|委))+$"
)
# 中共 heads a region's organs (中共吴江区委); 中国共产党友好代表团 is the Party's, of no region.
_ORGAN_HEAD = re.compile(
    r"^(?:(?:中共|中国共产党)(?=[\u4e00-\u9fff]{1,8}?[省市县区州盟旗])|[省市县区]委|[省市县区]政府)(?=.)"
)
_SUFFIXES = (
    "特别行政区",
    "林区",
    "特区",
    "新区",
    "矿区",
    "地区",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "盟",
    "州",  # 甘孜州, 凉山州: the short form of an autonomous prefecture (苏州 keeps its 州)
)
_AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division of the shipped table."""

    adcode: str
    name: str
    level: RegionLevel
    parent: str | None
    kind: str
    stem: str


@dataclass(frozen=True, slots=True)
class Zone:
    """A development zone or new area: not a division, but hosted by one or more."""

    name: str
    hosts: tuple[str, ...]
    note: str


@functools.cache
def _ethnic_groups() -> tuple[str, ...]:
    lines = _read_lines("ethnic_groups.txt")
    return tuple(sorted(lines, key=len, reverse=True))


@functools.cache
def _countries() -> re.Pattern[str]:
    names = sorted(_read_lines("countries.txt"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def starts_with_a_country(text: str) -> bool:
    """The text opens with a country's name (老挝琅南塔省…, 越南共产党…): foreign, not Chinese."""
    return _countries().match(text.strip()) is not None


@functools.lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """Suffix-insensitive key: 吴江区 → 吴江, 湖北省 → 湖北, 恩施土家族苗族自治州 → 恩施.

    Two-character names keep their suffix (泾县, 沙县, 矿区), so the key never shrinks to a
    single character.
    """
    name = name.strip()
    for suffix in _AUTONOMOUS:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return _strip_ethnic(name[: -len(suffix)])
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _strip_ethnic(stem: str) -> str:
    """恩施土家族苗族 → 恩施; 鄂伦春 stays (nothing would be left); a division named after its
    own people keeps the people's name (东乡族 → 东乡, as 东乡族自治县 is written 东乡县)."""
    for group in _ethnic_groups():
        if stem == group + "族":
            return group
    changed = True
    while changed:
        changed = False
        for group in _ethnic_groups():
            for tail in (group + "族", group):
                if stem.endswith(tail) and len(stem) - len(tail) >= 2:
                    stem, changed = stem[: -len(tail)], True
                    break
            if changed:
                break
    return stem


def clean_mention(mention: str) -> str:
    """Drop delegation and organ words: 海安市党政代表团 → 海安市, 中共吴江区委区政府 → 吴江区."""
    text = re.sub(r"\s+", "", mention)
    previous = None
    while text != previous:
        previous = text
        text = _DELEGATION_TAIL.sub("", text)
        text = _ORGAN_TAIL.sub("", text)
        text = _ORGAN_HEAD.sub("", text)
    return text


# Outlet words after a region's name in a paper's or site's name: 定州日报, 如东县人民政府网站.
_OUTLET_TAIL = re.compile(
    r"(?:广播电视台|电视台|融媒体中心|全媒体中心|传媒中心|传媒集团|报业集团|融媒|新闻中心|人民政府(?:门户)?(?:网站?)?|政府(?:门户)?网站?|"
    r"数字报|电子报|电子版|数字版|日报社?|晚报|商报|都市报|经济报|新闻网|广电网|政协网|人大网|人大常委会|政协|新闻|发布|在线|网站|频道|主办|网|报)$"
)


def outlet_region(outlet: str) -> str | None:
    """The region an outlet is named after: 定州日报 → 定州, 如东县人民政府网站 → 如东县,
    晋江经济报 → 晋江, 义乌商报 → 义乌, 常德政协网 → 常德, 内乡县发展和改革委员会 → 内乡县."""
    text = re.sub(r"\s+", "", outlet)
    previous = None
    while text and text != previous:
        previous = text
        text = _OUTLET_TAIL.sub("", text)
    if organ := ORGAN_NAME.fullmatch(text):
        return organ["region"]
    return text if len(text) >= 2 and text != outlet else None


def _read_lines(filename: str) -> list[str]:
    text = resources.files("extract").joinpath(DATA_DIR, filename).read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _parse_division(line: str, filename: str) -> Division:
    parts = line.split("\t")
    if len(parts) != 5 or not re.fullmatch(r"\d{6}", parts[0]):
        raise DataFileError(filename, f"bad row {line!r}", hint="rebuild with build_gazetteer.py")
    adcode, name, level, parent, kind = parts
    return Division(adcode, name, RegionLevel(level), parent or None, kind, normalize_name(name))


def _parse_zone(line: str, filename: str) -> Zone:
    parts = line.split("\t")
    if len(parts) != 3:
        raise DataFileError(filename, f"bad row {line!r}", hint="columns: name, hosts, note")
    return Zone(parts[0], tuple(parts[1].split(",")), parts[2])


def _parse_short_name(line: str, filename: str) -> tuple[str, str]:
    parts = line.split("\t")
    if len(parts) != 2 or len(parts[0]) != 1 or not re.fullmatch(r"\d{6}", parts[1]):
        raise DataFileError(filename, f"bad row {line!r}", hint="columns: short name, adcode")
    return parts[0], parts[1]


def _parse_abbreviation(line: str, filename: str) -> tuple[str, str]:
    parts = line.split("\t")
    if len(parts) != 2 or not 2 <= len(parts[0]) <= 4 or not re.fullmatch(r"\d{6}", parts[1]):
        raise DataFileError(filename, f"bad row {line!r}", hint="columns: abbreviation, adcode")
    return parts[0], parts[1]


def _index(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for key, adcode in pairs:
        index.setdefault(key, []).append(adcode)
    return {k: tuple(v) for k, v in index.items()}


# A banner named by a wing or a side (科尔沁右翼中旗, 土默特左旗, 乌拉特前旗) is written by the
# first character of its people's or place name and that side: 科右中旗, 土左旗, 乌前旗.
_SIDED_BANNER = re.compile(r"(.)[^左右前中后]{1,3}?(?:([左右])翼)?([左右前中后])旗")


def banner_short_names(divisions: Iterable[Division]) -> Iterator[tuple[str, str]]:
    """(short name, adcode) of each banner written by its side (科右中旗 → 152222)."""
    for d in divisions:
        if m := _SIDED_BANNER.fullmatch(d.name):
            yield f"{m[1]}{m[2] or ''}{m[3]}旗", d.adcode


class Gazetteer:
    """Divisions indexed by adcode, full name and short name; zones by name."""

    def __init__(
        self,
        divisions: Sequence[Division],
        zones: Sequence[Zone],
        short_names: Mapping[str, str] | None = None,
        abbreviations: Mapping[str, str] | None = None,
    ) -> None:
        self.divisions = {d.adcode: d for d in divisions}
        self.zones = {z.name: z for z in zones}
        self.short_names = {k: v for k, v in (short_names or {}).items() if v in self.divisions}
        names = [(d.name, d.adcode) for d in divisions]
        abbreviated = [(k, v) for k, v in (abbreviations or {}).items() if v in self.divisions]
        self.by_name = _index([*names, *banner_short_names(divisions), *abbreviated])
        self.by_stem = _index((d.stem, d.adcode) for d in divisions)
        self._ancestors = {code: self._chain(code) for code in self.divisions}
        self._max_key = max(len(k) for k in (*self.by_name, *self.by_stem))
        sizes: dict[str, set[int]] = {}
        for name in self.by_name:
            sizes.setdefault(name[:2], set()).add(len(name))
        # Full-name lengths by first two characters, longest first: a scan tries only these.
        self._name_sizes = {c: tuple(sorted(s, reverse=True)) for c, s in sizes.items()}
        # A scan jumps to the next character that can start a name.
        self._name_start = re.compile(f"[{re.escape(''.join(sorted({c[0] for c in sizes})))}]")
        self._cache: dict[tuple[str, tuple[str, ...]], Region] = {}

    @classmethod
    @functools.cache
    def load(cls) -> Gazetteer:
        """The shipped gazetteer, read once per process."""
        rows = _read_lines("divisions.tsv")
        divisions = [_parse_division(line, "divisions.tsv") for line in rows[1:]]
        zone_rows = _read_lines("zones.tsv")
        zones = [_parse_zone(line, "zones.tsv") for line in zone_rows[1:]]
        short_rows = _read_lines("short_names.tsv")
        short = dict(_parse_short_name(line, "short_names.tsv") for line in short_rows[1:])
        abbreviation_rows = _read_lines("abbreviations.tsv")
        abbreviations = dict(
            _parse_abbreviation(line, "abbreviations.tsv") for line in abbreviation_rows[1:]
        )
        return cls(divisions, zones, short, abbreviations)

    def _chain(self, adcode: str) -> tuple[str, ...]:
        """Ancestors of a division, nearest first (not including itself)."""
        chain: list[str] = []
        parent = self.divisions[adcode].parent
        while parent and parent in self.divisions:
            chain.append(parent)
            parent = self.divisions[parent].parent
        return tuple(chain)

    def lookup(self, adcode: str) -> Division | None:
        return self.divisions.get(adcode)

    def parents(self, adcode: str) -> tuple[str, ...]:
        """Names of the enclosing divisions, nearest first: 吴江区 → (苏州市, 江苏省)."""
        return tuple(self.divisions[c].name for c in self._ancestors[adcode])

    def is_within(self, adcode: str, ancestor: str) -> bool:
        return adcode == ancestor or ancestor in self._ancestors.get(adcode, ())

    # --- matching -------------------------------------------------------------------------

    def candidates(self, name: str) -> tuple[str, ...]:
        """Adcodes a bare name may denote: a unique full-name match wins, else all matches."""
        exact = self.by_name.get(name, ())
        if exact:
            return exact
        return self.by_stem.get(normalize_name(name), ())

    def _is_key(self, text: str) -> bool:
        return text in self.by_name or normalize_name(text) in self.by_stem

    def segment(self, text: str) -> list[str] | None:
        """Split a compound mention into known names: 浙江省嘉兴市嘉善县 → [浙江省, 嘉兴市, 嘉善县]."""
        if not text:
            return []
        for size in range(min(self._max_key, len(text)), 1, -1):
            head = text[:size]
            if self._is_key(head):
                rest = self.segment(text[size:])
                if rest is not None:
                    return [head, *rest]
        return None

    def match(self, text: str) -> tuple[str, ...] | None:
        """Candidates of a cleaned mention; parents written in the mention must enclose them.

        None when the text is not made of known names at all.
        """
        if self._is_key(text):
            return self.candidates(text)
        parts = self.segment(text)
        if not parts:
            return None
        found = self.candidates(parts[-1])
        for parent in parts[:-1]:
            allowed = self.candidates(parent)
            found = tuple(c for c in found if any(self.is_within(c, a) for a in allowed))
        return found

    def context_codes(self, context: Sequence[str]) -> set[str]:
        """Divisions named by the context strings (names, or short texts containing full names)."""
        codes: set[str] = set()
        for item in context:
            found = self.match(clean_mention(item))
            codes.update(found if found is not None else self.scan_full_names(item))
        return codes

    def scan_full_names(self, text: str) -> list[str]:
        """Adcodes of every full division name written in a text (longest match at each point)."""
        found: list[str] = []
        i, n = 0, len(text)
        while start := self._name_start.search(text, i):
            i = start.start()
            for size in self._name_sizes.get(text[i : i + 2], ()):
                codes = self.by_name.get(text[i : i + size]) if 1 < size <= n - i else None
                if codes:
                    found.extend(codes)
                    i += size - 1
                    break
            i += 1
        return found

    # --- resolution -----------------------------------------------------------------------

    def resolve(self, mention: str, context: Sequence[str] = ()) -> Region:
        """Resolve one mention to a Region with status resolved, ambiguous, unresolved or zone."""
        key = (mention, tuple(context))
        region = self._cache.get(key)
        if region is None:
            region = self._resolve(mention, key[1])
            if len(self._cache) < 100_000:
                self._cache[key] = region
        return region

    def _resolve(self, mention: str, context: tuple[str, ...]) -> Region:
        text = clean_mention(mention)
        if text in self.short_names:
            return self._region(mention, (self.short_names[text],))
        if text in self.zones:
            return self._zone_region(mention, self.zones[text].name, self.zones[text].hosts)
        found = self.match(text)
        if found is None:
            return self._resolve_unmatched(mention, text, context)
        if len(found) > 1:
            found = self._by_level_word(found, text)
        if len(found) > 1 and context:
            hints = self.context_codes(context)
            if self._province_by_name(found, text):  # only a division the context names
                found = tuple(c for c in found if c in hints) or found
            else:
                found = self._narrow(found, hints)
        if len(found) > 1 and text in self.by_stem:
            found = self._widest(found)
        return self._region(mention, found)

    def _province_by_name(self, found: tuple[str, ...], text: str) -> bool:
        """The bare name is a province's own (海南, 吉林): the province even where the context
        holds a smaller division of that name (海南州 in 青海), unless it names that one (吉林市):
        the smaller one is written with its level."""
        return any(
            self.divisions[c].level is RegionLevel.PROVINCE and self.divisions[c].stem == text
            for c in found
        )

    def _widest(self, found: tuple[str, ...]) -> tuple[str, ...]:
        """A bare name (长沙, 河南) is the division known by it: not an autonomous county whose
        name only ends in it once the peoples are taken off (河南蒙古族自治县), not a division
        inside another of that name (长沙县 in 长沙市), and a province before any other, then a
        prefecture before a county elsewhere (甘南 is 甘南藏族自治州, not 甘南县 in 黑龙江; a
        district elsewhere leaves the name open: 朝阳),
        unless the text says otherwise (full names in it narrow the candidates first)."""
        plain = [
            c
            for c in found
            if len(self.divisions[c].name) == len(self.divisions[c].stem) + 1
            or self.divisions[c].level is not RegionLevel.COUNTY  # 甘南 of 甘南藏族自治州
        ]
        found = tuple(plain) if plain else found
        outer = [c for c in found if not any(o != c and self.is_within(c, o) for o in found)]
        provinces = [c for c in outer if self.divisions[c].level is RegionLevel.PROVINCE]
        if len(outer) == 1 or len(provinces) == 1:  # 海南 is 海南省 before 乌海's 海南区
            return tuple(provinces or outer)
        prefectures = [c for c in outer if self.divisions[c].level is RegionLevel.PREFECTURE]
        counties = [c for c in outer if self.divisions[c].name.endswith(("县", "旗"))]
        if len(prefectures) == 1 and len(prefectures) + len(counties) == len(outer):
            return tuple(prefectures)  # 甘南 is the prefecture before 甘南县 of another province
        return found

    def _by_level_word(self, found: tuple[str, ...], text: str) -> tuple[str, ...]:
        """甘孜州 is the prefecture, not 甘孜县: the level word written settles a shared stem."""
        word = text[-1]
        if word not in "省市县区州旗盟":
            return found
        same = tuple(c for c in found if self.divisions[c].name.endswith(word))
        return same or found

    def _resolve_unmatched(self, mention: str, text: str, context: tuple[str, ...]) -> Region:
        if text in LEVEL_WORDS:
            codes = [c for c in self.context_codes(context) if self._has_level_word(c, text)]
            return self._region(mention, tuple(dict.fromkeys(codes)))
        if ZONE_SUFFIX.search(text):
            return self._zone_region(mention, text, self._zone_hosts(text))
        return Region(mention=mention)

    def _has_level_word(self, adcode: str, word: str) -> bool:
        division = self.divisions[adcode]
        return division.name.endswith(word) and division.level is not RegionLevel.PROVINCE

    def _narrow(self, found: tuple[str, ...], hints: set[str]) -> tuple[str, ...]:
        """Keep the candidates inside a context division (else named by it); all when none is."""
        inside = tuple(c for c in found if hints.intersection(self._ancestors[c]))
        return inside or tuple(c for c in found if c in hints) or found

    def zone_hosts(self, region: Region) -> tuple[str, ...]:
        """The adcodes of the divisions hosting a listed zone (雄安新区 → 河北省); () for any
        other region, and for a zone known only by its suffix (松山湖高新区 is not 松山区's)."""
        zone = self.zones.get(region.name or "") if region.status is ResolutionStatus.ZONE else None
        return tuple(h for h in zone.hosts if h in self.divisions) if zone else ()

    def _zone_hosts(self, text: str) -> tuple[str, ...]:
        """The division a zone's name starts with: 平湖经开区 → 平湖市."""
        for size in range(len(text) - 1, 1, -1):
            found = self.match(text[:size])
            if found:
                return found if len(found) == 1 else ()
        return ()

    def _region(self, mention: str, found: tuple[str, ...]) -> Region:
        if not found:
            return Region(mention=mention)
        if len(found) > 1:
            names = tuple(f"{c} {self.divisions[c].name}" for c in found)
            return Region(mention=mention, status=ResolutionStatus.AMBIGUOUS, candidates=names)
        division = self.divisions[found[0]]
        return Region(
            mention=mention,
            name=division.name,
            level=division.level,
            parents=self.parents(division.adcode),
            adcode=division.adcode,
            status=ResolutionStatus.RESOLVED,
        )

    def _zone_region(self, mention: str, name: str, hosts: tuple[str, ...]) -> Region:
        """Zones keep their own name; parents are the host's chain (or the hosts, when several)."""
        if len(hosts) == 1 and hosts[0] in self.divisions:
            host = self.divisions[hosts[0]]
            parents = (host.name, *self.parents(host.adcode))
        else:
            parents = tuple(self.divisions[h].name for h in hosts if h in self.divisions)
        return Region(mention=mention, name=name, parents=parents, status=ResolutionStatus.ZONE)

    # --- eval helper ----------------------------------------------------------------------

    def same_region(self, a: str, b: str) -> bool:
        """Whether two mentions, names or adcodes denote the same division (吴江 = 吴江区)."""
        if a == b:
            return True
        if normalize_name(a) == normalize_name(b):
            return True
        code_a, code_b = self._code_of(a), self._code_of(b)
        return code_a is not None and code_a == code_b

    def _code_of(self, text: str) -> str | None:
        if text in self.divisions:
            return text
        region = self.resolve(text)
        return region.adcode if region.resolved else None


def resolve(mention: str, context: Sequence[str] = ()) -> Region:
    """Resolve with the shipped gazetteer (shortcut for ``Gazetteer.load().resolve``)."""
    return Gazetteer.load().resolve(mention, context)


def same_region(a: str, b: str) -> bool:
    """Shortcut for ``Gazetteer.load().same_region``."""
    return Gazetteer.load().same_region(a, b)
