from teletype.line import lay_out, stream, wrap


def test_short_line_is_left_alone():
    assert wrap("NNNN", 72) == [(0, "NNNN")]


def test_breaks_at_a_space_past_the_margin_bell():
    text = "A" * 65 + " " + "B" * 20
    assert wrap(text, 72) == [(0, "A" * 65), (66, "B" * 20)]


def test_a_word_ending_exactly_at_the_limit_stays_on_the_line():
    text = "A" * 72 + " B"
    assert wrap(text, 72) == [(0, "A" * 72), (73, "B")]


def test_falls_back_to_an_earlier_space_rather_than_split_a_word():
    text = "A" * 50 + " " + "REPRESENTATIVES" * 2
    pieces = wrap(text, 72)
    assert pieces[0] == (0, "A" * 50)


def test_hard_break_when_there_is_no_space():
    pieces = wrap("X" * 150, 72)
    assert [len(piece) for _, piece in pieces] == [72, 72, 6]


def test_every_line_fits_and_no_text_is_lost():
    words = ("THE FIRST INGREDIENT LET ME EMPHASIZE IS THE CESSATION OF WORK ON MISSILE SITES " * 9).split()
    text = " ".join(words)
    pieces = wrap(text, 69)
    assert all(len(piece) <= 69 for _, piece in pieces)
    assert " ".join(piece for _, piece in pieces).split() == words


def test_stream_ends_each_line_with_the_end_of_line_sequence():
    printed = lay_out(["AB", "", "C"], 72)
    assert stream(printed, "\r\r\n\x0f") == "AB\r\r\n\x0f\r\r\n\x0fC\r\r\n\x0f"
    assert [line.wire_line for line in printed] == [0, 1, 2]
