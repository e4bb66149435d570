"""The review app without a browser: queue order, saving gold, the form's view, the command."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from evals.gold import load_gold
from evals.review.doubt import doubt_of, order
from evals.review.form import segments, visit_forms
from evals.review.goldwrite import gold_data, make_note, save_gold
from evals.review.server import create_app, running
from evals.review.session import ReviewSession, gazetteer
from evals.runfolder import read_results
from extract.cli import EXIT_CONFIG
from extract.errors import GoldError

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "review"
ARTICLE = "000_4ec079d0020130cf"
GOLD = "003_01041e2eef10674d"


@pytest.fixture
def session(review_dir):
    return ReviewSession.open(
        [review_dir / "results.jsonl"], review_dir / "gold", review_dir / "articles", "tester"
    )


def _records():
    return {r.article_id: r for r in read_results(FIXTURE / "results.jsonl")}


# ---------------------------------------------------------------------------- queue


def test_queue_puts_flagged_records_first_and_reviewed_last():
    records = _records()
    salvaged = records["d16"].model_copy(
        update={
            "flags": [{"kind": "step_salvaged", "detail": "skeleton"}],
            "unresolved_places": ["乌马河区"],
        }
    )
    clean = records[ARTICLE].model_copy(update={"flags": [], "unresolved_places": []})
    doubts = [
        doubt_of(clean, [], reviewed=False),
        doubt_of(records[GOLD], [], reviewed=True),
        doubt_of(salvaged, [], reviewed=False),
    ]
    ordered = order(doubts)
    assert [d.article_id for d in ordered] == ["d16", ARTICLE, GOLD]
    assert ordered[0].reasons == ("step salvaged: skeleton", "unresolved place: 乌马河区")


def test_disagreement_between_runs_is_doubt():
    records = _records()
    other = {r.article_id: r for r in read_results(FIXTURE / "results-other.jsonl")}
    same = doubt_of(records[ARTICLE], [records[ARTICLE]], reviewed=False)
    differ = doubt_of(records[ARTICLE], [other[ARTICLE]], reviewed=False)
    assert same.score == 0 and not same.reasons
    assert differ.score > 0 and differ.reasons[0].startswith("runs disagree: F1 ")


def test_failed_record_is_doubtful():
    failed = _records()[ARTICLE].model_copy(update={"status": "failed", "extraction": None})
    assert doubt_of(failed, [], reviewed=False).reasons[0].startswith("failed")


# ---------------------------------------------------------------------------- saving gold


def _payload(session, article_id=ARTICLE):
    return session.article(article_id).start.model_dump(mode="json")


def _note():
    return make_note("tester", "results.jsonl", {"accepted": 3, "left_out": 1}, _now())


def _now():
    import datetime as dt

    return dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)


def test_save_writes_the_gold_shape_with_notes_and_loads_back(session, review_dir):
    source = session.source(ARTICLE).source_text
    path = review_dir / "gold" / f"{ARTICLE}.json"
    saved = save_gold(path, _payload(session), source, gazetteer(), _note(), _now())
    assert saved.backup is None
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data["visits"][0]["evidence"], str)
    assert isinstance(data["visits"][0]["hosts"][0]["evidence"], str)
    assert data["notes"] == [
        {
            "by": "tester",
            "at": "2024-05-01T09:30:00+00:00",
            "action": "reviewed in kaocha review",
            "from": "results.jsonl",
            "accepted": 3,
            "corrected": 0,
            "added": 0,
            "deleted": 0,
            "left_out": 1,
        }
    ]
    assert set(load_gold(review_dir / "gold", review_dir / "articles")) == {ARTICLE, GOLD}


def test_save_over_existing_gold_keeps_a_backup_and_the_old_notes(session, review_dir):
    path = review_dir / "gold" / f"{GOLD}.json"
    before = path.read_text(encoding="utf-8")
    source = session.source(GOLD).source_text
    first = save_gold(path, _payload(session, GOLD), source, gazetteer(), _note(), _now())
    second = save_gold(path, _payload(session, GOLD), source, gazetteer(), _note(), _now())
    backups = set((review_dir / "gold" / ".backup").glob(f"{GOLD}.*.json"))
    assert backups == {first.backup, second.backup} and first.backup != second.backup
    assert first.backup.read_text(encoding="utf-8") == before
    assert len(json.loads(path.read_text(encoding="utf-8"))["notes"]) == 2


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        pytest.param(
            lambda v: v["hosts"][0].update(evidence="文中没有这句话"),
            "visits[0].hosts[0].evidence: quote",
            id="quote-not-in-article",
        ),
        pytest.param(
            lambda v: v.update(origin={"mention": "不存在的地方"}),
            "visits[0].origin: region '不存在的地方' is not in the gazetteer",
            id="unknown-region",
        ),
        pytest.param(
            lambda v: v["hosts"][0].update(role="boss"),
            "visits[0].hosts[0].role",
            id="bad-role",
        ),
    ],
)
def test_an_invalid_record_is_refused_and_nothing_is_written(session, review_dir, damage, message):
    payload = _payload(session)
    damage(payload["visits"][0])
    path = review_dir / "gold" / f"{ARTICLE}.json"
    with pytest.raises(GoldError, match=message.replace("[", r"\[").replace("]", r"\]")):
        save_gold(path, payload, session.source(ARTICLE).source_text, gazetteer(), _note())
    assert sorted(p.name for p in path.parent.iterdir()) == [f"{GOLD}.json"]


def test_gold_data_leaves_offsets_out():
    records = _records()
    data = gold_data(records[ARTICLE].extraction)
    text = json.dumps(data)
    assert '"raw_start"' not in text and '"end":' not in text


# ---------------------------------------------------------------------------- page view


def test_segments_name_the_items_each_quote_covers():
    cut = segments("甲乙丙丁戊", [("a", 1, 3), ("b", 2, 4)])
    assert cut == [("甲", ""), ("乙", "a"), ("丙", "a b"), ("丁", "b"), ("戊", "")]


def test_visit_form_locates_every_quote_in_the_text(session):
    article = session.article(ARTICLE)
    forms = visit_forms(article.start, article.source.text)
    items = [x for f in forms for _, _, _, listed in f.lists for x in listed]
    text = article.source.text
    assert items and all(x.start is not None for x in items)
    host = next(x for f in forms for n, _, _, listed in f.lists if n == "hosts" for x in listed)
    assert text[host.start : host.end] == host.quote
    assert forms[0].origin.label.startswith("海安市 · 320685")


def test_article_with_gold_starts_from_gold(session):
    assert session.article(GOLD).origin == "gold"
    assert session.article(ARTICLE).origin == "prediction"


# ---------------------------------------------------------------------------- over HTTP


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def _post(url: str, body: dict) -> tuple[int, dict]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_the_app_serves_queue_article_places_and_refuses_bad_saves(session, review_dir):
    with running(create_app(session)) as url:
        status, queue = _get(url)
        assert status == 200 and queue.index(ARTICLE) < queue.index(GOLD)
        status, page = _get(f"{url}article/{ARTICLE}")
        assert status == 200 and 'data-list="hosts"' in page and "<mark" in page
        assert _get(f"{url}article/nope")[0] == 404
        status, found = _get(f"{url}api/place?q=%E5%90%B4%E6%B1%9F")  # 吴江
        assert found and '"adcode":"320509"' in found
        status, answer = _post(f"{url}api/article/{ARTICLE}", {"extraction": {"visits": 3}})
        assert status == 422 and "is_study_visit" in answer["error"]
    assert not (review_dir / "gold" / f"{ARTICLE}.json").exists()


def test_kaocha_review_prints_its_url_and_serves(review_dir):
    command = [sys.executable, "-m", "extract", "review", str(review_dir / "results.jsonl")]
    command += ["--gold", str(review_dir / "gold"), "--articles", str(review_dir / "articles")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        lines = [process.stdout.readline() for _ in range(2)]
        assert lines[0].startswith("3 records to review")
        url = lines[1].split()[1]
        assert url.startswith("http://127.0.0.1:") and url != "http://127.0.0.1:0/"
        status, page = _get(url)
        assert status == 200 and "Review queue" in page
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_kaocha_review_with_no_matching_articles_is_a_one_line_error(review_dir, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "other.txt").write_text("无关文章", encoding="utf-8")
    command = [sys.executable, "-m", "extract", "review", str(review_dir / "results.jsonl")]
    command += ["--articles", str(empty)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == EXIT_CONFIG
    assert "none of the records' articles is in this folder" in done.stderr
