"""The count of labeled stops code's proposals find on made-up pages."""

from __future__ import annotations

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
counting = runpy.run_path(str(ROOT / "scripts" / "stop_proposals.py"))


def test_found_missed_and_wrong_stops_are_counted(tmp_path):
    (tmp_path / "t01.txt").write_text(
        "5月20日，代表团先后参观了甲乙科技有限公司、丙丁产业园和戊己展示馆。", encoding="utf-8"
    )
    (tmp_path / "t02.txt").write_text("代表团参观了庚辛集团。", encoding="utf-8")
    (tmp_path / "expected.toml").write_text(
        '[t01]\nstops = ["甲乙科技有限公司", "丙丁产业园", "壬癸村"]\n'
        '[t02]\nvisits = 2\nstops = ["庚辛集团"]\n',  # a roundup's labels: left out
        encoding="utf-8",
    )
    found, wrong, notes = counting["score"](tmp_path)
    assert (found, wrong) == (2, 1)
    assert sorted(n.split(" ", 2)[2] for n in notes) == ["missed 壬癸村", "wrong 戊己展示馆"]
