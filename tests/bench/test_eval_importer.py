"""make eval-importer: the scores it prints, on a tiny set with gold written here."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import eval_importer  # noqa: E402

DOCUMENT = """Railway talks open in Dushanbe

DUSHANBE, March 3 (Xinhua) -- Transport ministers of the member states met on Monday to discuss a new railway.

"The railway will carry freight from the first day," Tajik Transport Minister Azim Rahimov said at the meeting.

Rahimov added that the line would be finished within three years.

Gulnora Yusupova, who chaired the session, listened to the reports.
"""

GOLD = {
    "title": "Railway talks open in Dushanbe",
    "source": "Xinhua",
    "published": None,
    "authors": [],
    "speakers": [
        {"name": "Azim Rahimov", "role": "Transport Minister", "organization": "Tajikistan", "mentions": 2},
        {"name": "Ilhom Nazarov", "role": None, "organization": None, "mentions": 1},
    ],
    "not_speakers": ["Gulnora Yusupova"],
}


@pytest.fixture
def devset(tmp_path):
    (tmp_path / "01.txt").write_text(DOCUMENT, encoding="utf-8")
    (tmp_path / "01.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    return tmp_path


def test_the_scores_of_a_set_with_gold(devset, capsys):
    assert eval_importer.main([str(devset), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "documents: 1, refused: 0" in out
    # one of two gold speakers found, nobody invented
    assert "speakers: precision 1.00 (1/1), recall 0.50 (1/2)" in out
    assert "both right 1.00 (1/1)" in out
    assert "title: right on 1 of 1 pages" in out
    assert "source: right on 1 of 1 pages" in out
    assert "published: right on 0 of 0 pages whose gold has one (n/a); invented on 0" in out
    assert "01.txt: missed speaker: Ilhom Nazarov" in out


def test_an_invented_speaker_and_a_wrong_title_are_counted(devset, capsys):
    gold = {**GOLD, "title": "Another headline", "speakers": []}
    (devset / "01.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    eval_importer.main([str(devset), "--verbose"])
    out = capsys.readouterr().out
    assert "speakers: precision 0.00 (0/1)" in out
    assert "title: right on 0 of 1 pages" in out
    assert "01.txt: extra speaker: Azim Rahimov" in out


def test_an_absent_set_is_a_one_line_error(tmp_path, capsys):
    assert eval_importer.main([str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no development set" in err


@pytest.mark.parametrize(
    ("found", "gold", "same"),
    [
        ("S Jaishankar", "S. Jaishankar", True),
        ("Jaishankar", "S Jaishankar", True),
        ("Zhang Ming", "Ming Zhang", False),
        ("Xi Jinping", "Xi", False),  # a lone word matches a name by its last word only
        ("Li Wei", "Li Hui", False),
    ],
)
def test_names_match_by_their_words(found, gold, same):
    assert eval_importer.same_name(found, gold) is same
