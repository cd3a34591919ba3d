import codecs
from pathlib import Path

import pytest

from articles.ingest.decode import MAX_BYTES, decode_document, decode_with_notes
from articles.ingest.parsed import ImportFailure
from articles.ingest.pipeline import parse_document

SEEDS = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))

RUSSIAN = (
    "Шанхайская организация сотрудничества (ШОС) — региональная международная организация, "
    "основанная в 2001 году. В её состав входят Китай, Россия, Казахстан, Киргизия, Таджикистан "
    "и Узбекистан, а в 2017 году к ней присоединились Индия и Пакистан.\n\n"
    "Генеральный секретарь ШОС Владимир Норов заявил, что организация продолжит развивать "
    "культурные обмены и народную дипломатию.\n"
)
CHINESE = (
    "上海合作组织（Shanghai Cooperation Organization，简称SCO）于2001年6月15日在上海成立。"
    "成员国包括中国、俄罗斯、哈萨克斯坦、吉尔吉斯斯坦、塔吉克斯坦和乌兹别克斯坦。\n\n"
    "秘书长诺罗夫表示，上合组织将继续推动文明对话，加强民间外交，"
    "构建“健康”命运共同体。The webinar was held online in August 2020.\n"
)


def test_utf8_text_is_decoded_unchanged():
    text = "The SCO’s “Shanghai spirit” — 上海精神, Шанхайский дух.\n"

    assert decode_document(text.encode("utf-8")) == text


def test_utf8_byte_order_mark_is_dropped():
    assert decode_document(codecs.BOM_UTF8 + "ШОС summit".encode()) == "ШОС summit"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark_is_decoded(codec):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")

    assert decode_document(bom + CHINESE.encode(codec)) == CHINESE


def test_cp1251_russian_text_is_decoded():
    assert decode_document(RUSSIAN.encode("cp1251")) == RUSSIAN


def test_gb18030_chinese_text_mixed_with_english_is_decoded():
    assert decode_document(CHINESE.encode("gb18030")) == CHINESE


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.name)
def test_seed_files_decode_as_utf8(path):
    data = path.read_bytes()

    assert decode_document(data) == data.decode("utf-8")


@pytest.mark.parametrize(
    "data",
    [b"", b"  \r\n\t\n ", codecs.BOM_UTF8 + b"\n\n", "   \n".encode("utf-16")],
    ids=["empty", "whitespace", "utf8-bom-and-newlines", "utf16-whitespace"],
)
def test_empty_or_whitespace_only_file_is_refused(data):
    with pytest.raises(ImportFailure, match="^empty file$"):
        decode_document(data)


def test_20_mb_file_is_refused_with_its_size_and_the_limit():
    with pytest.raises(ImportFailure) as refusal:
        decode_document((b"SCO summit. " * 2_000_000)[: 20 * 1024 * 1024])

    assert str(refusal.value) == "file is 20.0 MB; the limit is 5 MB"


def test_file_one_byte_over_the_limit_is_refused_without_showing_the_limit_as_its_size():
    with pytest.raises(ImportFailure, match=r"^file is 5\.1 MB; the limit is 5 MB$"):
        decode_document(b"a" * (MAX_BYTES + 1))


def test_file_exactly_at_the_limit_is_accepted():
    assert len(decode_document(b"a" * MAX_BYTES)) == MAX_BYTES


def test_limit_can_be_lowered():
    with pytest.raises(ImportFailure, match="^file is"):
        decode_document(b"The SCO summit opened.", max_bytes=10)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml", "ZIP or Word document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF image"),
    ],
)
def test_known_binary_formats_are_refused_by_name(data, kind):
    with pytest.raises(ImportFailure) as refusal:
        decode_document(data)

    assert str(refusal.value) == f"binary file ({kind}, not text)"


def test_nul_byte_means_binary():
    with pytest.raises(ImportFailure, match=r"^binary file \(not text\)$"):
        decode_document(b"The SCO summit opened on Saturday.\x00 It closed on Sunday.")


def test_utf16_without_byte_order_mark_is_refused_as_binary():
    with pytest.raises(ImportFailure, match=r"^binary file \(not text\)$"):
        decode_document("The SCO summit opened on Saturday.".encode("utf-16-le"))


def test_high_share_of_control_characters_means_binary():
    with pytest.raises(ImportFailure, match=r"^binary file \(not text\)$"):
        decode_document(b"SCO\x01\x02\x03 summit\x1b\x7f " * 50)


def test_stray_control_character_is_tolerated():
    text = "The SCO summit opened on Saturday in Qingdao, and it closed on Sunday.\n"

    assert decode_document(text.encode() + b"\x1a") == text + "\x1a"


def test_invalid_utf16_after_byte_order_mark_is_refused():
    with pytest.raises(ImportFailure, match="not valid UTF-16"):
        decode_document(codecs.BOM_UTF16_LE + "SCO".encode("utf-16-le") + b"\x00")


def test_bytes_in_no_known_encoding_are_refused():
    with pytest.raises(ImportFailure, match="^not UTF-8 and the encoding could not be detected$"):
        decode_document(bytes(range(0x80, 0x100)) * 4)


def test_too_few_non_utf8_bytes_to_tell_the_encoding_are_refused():
    # "ШОС" in cp1251 reads equally well as Japanese, Korean or Greek; it must not be guessed.
    with pytest.raises(ImportFailure, match="^not UTF-8 and the encoding could not be detected$"):
        decode_document("ШОС".encode("cp1251"))


# UTF-8 but for a few bad bytes: decoded as UTF-8 with replacement characters, and said so.

ALMATY = (
    "SCO foreign ministers meet in Almaty\n\n"
    "ALMATY — The foreign ministers of the Shanghai Cooperation Organization met on Tuesday "
    "to prepare the summit, the ministry said.\n\n"
    "The ministers agreed on the agenda of the summit, which opens in July.\n"
)


def with_bad_bytes(text, *bad):
    """``text`` in UTF-8 with each of ``bad`` put before the next " the " (invalid bytes in a valid file)."""
    data = text.encode()
    for chunk in bad:
        data = data.replace(b" the ", b" " + chunk + b"the ", 1)
    return data


def test_utf8_with_one_invalid_byte_stays_utf8_with_a_replacement_character():
    decoded = decode_with_notes(with_bad_bytes(ALMATY, b"\xff"))

    assert decoded.text == ALMATY.replace(" the ", " \ufffdthe ", 1)
    assert "ALMATY — The" in decoded.text
    assert decoded.notes == (
        "1 invalid UTF-8 byte sequence was replaced with \ufffd (search the text for it and correct it)",
    )


def test_utf8_text_with_a_truncated_last_character_stays_utf8():
    decoded = decode_with_notes(ALMATY.encode() + "—".encode()[:2])

    assert decoded.text == ALMATY + "\ufffd"
    assert len(decoded.notes) == 1


def test_valid_utf8_has_no_decoding_note():
    assert decode_with_notes(ALMATY.encode()).notes == ()


def test_a_few_invalid_bytes_means_at_most_one_in_a_thousand():
    text = ALMATY * 10  # about 2,000 bytes: 2 bad sequences are a few, 3 are not
    two, three = with_bad_bytes(text, b"\xff", b"\xfe"), with_bad_bytes(text, b"\xff", b"\xfe", b"\xc0")

    assert len(two) < 3000
    assert decode_with_notes(two).text.count("\ufffd") == 2
    assert "\ufffd" not in decode_document(three)  # not a UTF-8 file with a few errors: detected as before


def test_a_legacy_file_with_no_valid_utf8_is_still_detected():
    # One cp1252 curly apostrophe in English text: not UTF-8 with an error, since nothing in it is UTF-8.
    text = "The SCO\u2019s foreign ministers met in Almaty on Tuesday to prepare the summit in July. " * 3

    assert "\ufffd" not in decode_document(text.encode("cp1252"))


def test_cp1251_with_an_em_dash_is_still_decoded_as_cp1251():
    decoded = decode_with_notes(RUSSIAN.encode("cp1251"))

    assert decoded.text == RUSSIAN
    assert decoded.notes == ()


def test_the_import_notes_say_that_bytes_were_replaced_and_the_dateline_is_kept():
    article = parse_document(with_bad_bytes(ALMATY, b"\xff"))

    assert article.dateline == "ALMATY"
    assert article.paragraphs[0].startswith("The foreign ministers of ")
    assert any("invalid UTF-8 byte sequence" in note for note in article.warnings)
