"""The 1962 telegram as data, its two views, and strict loading of bad files."""

import re
from pathlib import Path

import pytest

from teletype.cli import main
from teletype.errors import TeletypeError
from teletype.markup import marked_text
from teletype.message import load_message, resolve_message

SEED = Path(__file__).resolve().parent.parent / "data" / "seed-1962-10-27.txt"


@pytest.fixture
def telegram(telegram_path):
    return load_message(telegram_path)


def test_facsimile_has_every_word_of_the_source_in_order(telegram):
    seed_words = SEED.read_text(encoding="utf-8").split()
    form = [segment for segment in telegram.facsimile_segments() if segment.kind != "pagebreak"]
    assert marked_text(form).split() == seed_words


def test_facsimile_styles_the_marks(telegram):
    kinds = {(segment.text.strip(), segment.kind) for segment in telegram.facsimile_segments()}
    assert ("del", "struck") in kinds
    assert ("XXXXXX", "inserted") in kinds
    assert ("Name", "withheld") in kinds
    assert ("these", "catchword") in kinds
    assert ("RUSSK", "typed") in kinds


def test_wire_carries_the_released_wording(telegram):
    wire = " ".join(telegram.wire_paragraphs())
    assert "I have read your letter of October 26 with great care" in wire
    assert "for work to cease on offensive missile bases in Cuba" in wire
    assert "establishment of adequate arrangements" in wire
    assert "effective international guarantees" in wire
    assert "Text has been handed Soviet Embassy" in wire  # the struck "del" is gone
    assert "XXXXXX" not in wire and "~~" not in wire and "NLACT" not in wire
    assert wire.endswith("/s/ John F. Kennedy END RUSK")


def test_page_breaks_and_catchwords_do_not_split_or_repeat_the_text(telegram):
    wire = " ".join(telegram.wire_paragraphs())
    assert "in cooperation with the Acting Secretary General and your representative" in wire
    assert "able to complete these arrangements" in wire
    assert "UNCLASSIFIED" not in wire and "S/S" not in wire


def test_the_telegram_data(telegram):
    assert telegram.number == "1015"
    assert telegram.filed.isoformat() == "1962-10-27T20:05:00-04:00"
    assert telegram.filed_utc.isoformat() == "1962-10-28T00:05:00+00:00"
    assert telegram.profile == "model28"
    assert telegram.distribution[0] == "G" and telegram.distribution[-1] == "RMR"
    notes = {note.about for note in telegram.notes}
    assert {"NLACT", "RUSSK", "letter"} <= notes


def test_every_header_value_not_in_the_source_is_marked_reconstructed(telegram):
    header = telegram.header
    assert set(header.reconstructed) == set(header.values)
    assert all(reason.strip() for reason in header.reconstructed.values())


def test_message_id_resolves_to_its_file(telegram_path):
    assert resolve_message(None) == telegram_path.resolve() or resolve_message(None).samefile(telegram_path)
    assert resolve_message("1962-10-27-kennedy-to-khrushchev").samefile(telegram_path)
    with pytest.raises(TeletypeError, match="no message with id 'nope'"):
        resolve_message("nope")


# --- strict loading -----------------------------------------------------------

def message_text(telegram_path, old: str, new: str) -> str:
    text = telegram_path.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


# (text to replace, its replacement, column of the error, the error)
BAD_EDITS = [
    ("title: President", "titel: President", 1, r"unknown key 'titel'"),
    ('number: "1015"', "number: [1015]", 9, r"'number' must be text, not a list"),
    ("date: 1962-10-27", "date: 1962-13-27", 7, r"bad value: month must be in 1\.\.12"),
    ("date: 1962-10-27", "date: last tuesday", 7, r"'date': 'last tuesday' is not a date"),
    ("zone: America/New_York", "zone: America/Gotham", 9, r"unknown time zone 'America/Gotham'"),
    ("local: 1962-10-27 20:05", "local: 1962-10-27 25:05", 10, r"'filed.local': '1962-10-27 25:05' is not a date and time"),
    ('handling: "{{NLACT|NIACT}}"', 'handling: "{{NLACT|NIACT"', 12, r"unclosed mark: '\{\{' has no '\}\}'"),
    ('handling: "{{NLACT|NIACT}}"', 'handling: "NIACT]"', 17, r"'\]' closes nothing"),
    ("Text has been ~~del~~ handed", "Text has been ~~del handed", None, r"unclosed struck text"),
    ("  precedence: O", "  precedence: Q", 15, r"'header.precedence' must be one of Z \(flash\)"),
    ("profile: model28", "profile: [model28]", 10, r"'profile' must be text, not a list"),
    ("  style: acp127", "  style: fancy", 10, r"'header.style' must be one of acp127, plain, not 'fancy'"),
    ("format: 1", "format: 2", 9, r"'format' must be 1"),
    ("format: 1", "format: true", 9, r"'format' must be 1"),
    ("zone: America/New_York", "zone: America", 9, r"unknown time zone 'America'"),
    ("local: 1962-10-27 20:05", "local: 9999-12-31 23:59", 10, r"'filed.local' is too near the end of the calendar"),
    ("profile: model28", "profile: model99", 10, r"unknown profile 'model99' \(choose from glass, model15"),
    ('handling: "{{NLACT|NIACT}}"', 'handling: "[NIACT"', 12, r"unclosed withheld text: '\[' has no '\]'"),
    ("    serial: >-\n      The station", "    seriall: >-\n      The station", 5, r"'header.reconstructed' names 'seriall'"),
    ('number: "1015"', 'number: "1015"\nnumber: "1016"', 1, r"duplicate key 'number'"),
]


@pytest.mark.parametrize("old, new, column, expected", BAD_EDITS)
def test_bad_message_gives_one_line_with_file_line_column(tmp_path, telegram_path, capsys, old, new, column, expected):
    bad = tmp_path / "bad.yaml"
    text = message_text(telegram_path, old, new)
    bad.write_text(text, encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2, err  # the problem, then the count
    changed_line = text[: text.index(new)].count("\n") + 1
    if "duplicate" in expected:
        changed_line += 1  # the second "number" key
    location = f"{bad}:{changed_line}:{column}: " if column else f"{bad}:"
    assert err[0].startswith(location), (err[0], location)
    assert re.search(expected, err[0]), err[0]


def test_page_marks_must_run_in_order(tmp_path, telegram_path, capsys):
    bad = tmp_path / "bad.yaml"
    text = message_text(telegram_path, "  {{page 3}}", "  {{page 4}}")
    bad.write_text(text, encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    line = text[: text.index("{{page 4}}")].count("\n") + 1
    assert capsys.readouterr().err.startswith(f"{bad}:{line}:3: {{{{page 4}}}} where page 3 was expected")


def test_unknown_mark(tmp_path, telegram_path, capsys):
    bad = tmp_path / "bad.yaml"
    text = message_text(telegram_path, "  {{page end}}", "  {{pagee end}}")
    bad.write_text(text, encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    line = text[: text.index("{{pagee")].count("\n") + 1
    assert capsys.readouterr().err.startswith(f"{bad}:{line}:3: unknown mark '{{{{pagee end}}}}'")


def test_markup_error_points_into_the_body(tmp_path, telegram_path):
    bad = tmp_path / "bad.yaml"
    text = message_text(telegram_path, "Text has been ~~del~~ handed", "Text has been ~~del handed")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(TeletypeError) as raised:
        load_message(bad)
    location = raised.value.location
    line = text.splitlines()[location.line - 1]
    assert line[location.column - 1 :].startswith("~~del handed")


def test_non_utf8_file(tmp_path, capsys):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("format: 1\ntitle: caf\xe9\n".encode("latin-1"))
    assert main(["validate", str(bad)]) == 2
    assert capsys.readouterr().err.startswith(f"{bad}:2:11: not UTF-8: byte 0xe9")


def test_empty_body(tmp_path, telegram_path, capsys):
    text = telegram_path.read_text(encoding="utf-8")
    start = text.index("body: |")
    end = text.index("notes:")
    bad = tmp_path / "empty.yaml"
    bad.write_text(text[:start] + "body: '~~gone~~'\n\n" + text[end:], encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    assert "'body' has no text to send" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", ":1:1: the file is empty"),
        ("- a\n- b\n", ":1:1: the file must be a mapping"),
        ("a: [1\n", ":2:1: invalid YAML"),
        ("format: 1\n", ":1:1: missing required key 'title'"),
        ("format: 1\ntitle: &a [*a]\n", ":2:8: an alias refers to the value that holds it"),
        ("format: 1\ntitle: a\x00b\n", ":2:9: invalid YAML: character U+0000 is not allowed"),
    ],
)
def test_malformed_files(tmp_path, capsys, content, expected):
    bad = tmp_path / "m.yaml"
    bad.write_text(content, encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    assert capsys.readouterr().err.splitlines()[0].startswith(f"{bad}{expected}")


def test_validate_a_directory(tmp_path, telegram_path, capsys):
    (tmp_path / "good.yaml").write_text(telegram_path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("format: 1\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:1:1: missing required key 'title'" in err
    assert "1 of 2 message file(s) valid" in err


def test_validate_the_project_messages(capsys):
    assert main(["validate", str(Path(__file__).resolve().parents[2] / "messages")]) == 0
