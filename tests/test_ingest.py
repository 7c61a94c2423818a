"""Ingest: article files -> Article records (titles, publication dates, clean text, errors)."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import write_article
from kg import ingest
from kg.errors import InputError
from kg.model import PartialDate


def read(tmp_path: Path, text: str | bytes, name: str = "story.txt"):
    path = write_article(tmp_path, name, text)
    return ingest.read_article(str(path), path)


BODY = ("French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Tuesday "
        "to discuss energy prices and the war in Ukraine.")


# ---- titles and publication dates ---------------------------------------------------------

def test_headline_with_iso_date_suffix_gives_title_and_publication_date(tmp_path: Path) -> None:
    art = read(tmp_path, f"Macron and Scholz meet in Paris - 2023-03-15\n\n{BODY}\n")
    assert art.title == "Macron and Scholz meet in Paris"
    assert art.published == PartialDate(2023, 3, 15)
    assert "2023-03-15" not in art.text
    assert BODY in art.text


def test_date_line_under_headline_gives_publication_date_and_leaves_the_body(tmp_path: Path) -> None:
    art = read(tmp_path, f"African Union leaders gather in Addis Ababa\nAugust 21, 2011\n\n{BODY}\n")
    assert art.title == "African Union leaders gather in Addis Ababa"
    assert art.published == PartialDate(2011, 8, 21)
    assert "August 21, 2011" not in art.text


def test_day_month_year_date_line(tmp_path: Path) -> None:
    art = read(tmp_path, f"Lula visits Washington\n10 February 2023\n\n{BODY}\n")
    assert art.published == PartialDate(2023, 2, 10)


def test_short_headline_with_date_suffix_is_still_the_title(tmp_path: Path) -> None:
    art = read(tmp_path, f"Lula visits Washington - 2023-02-10\n\n{BODY}\n")
    assert art.published == PartialDate(2023, 2, 10)
    assert art.title == "Lula visits Washington"
    assert art.text.startswith("Lula visits Washington\n\n")


def test_no_stated_date_means_no_publication_date(tmp_path: Path) -> None:
    art = read(tmp_path, f"Macron and Scholz meet in Paris\n\n{BODY}\n")
    assert art.published is None
    assert art.title == "Macron and Scholz meet in Paris"


def test_article_id_is_the_file_stem_and_source_is_kept_as_given(tmp_path: Path) -> None:
    path = write_article(tmp_path, "2023_macron-scholz.txt", f"Macron and Scholz meet\n\n{BODY}\n")
    art = ingest.read_article("given/as/this.txt", path)
    assert art.article_id == "2023_macron-scholz"
    assert art.source == "given/as/this.txt"


# ---- boilerplate ------------------------------------------------------------------------------

@pytest.mark.parametrize("furniture", [
    "Skip to main content",
    "IE 11 is not supported. For an optimal experience visit our site on another browser.",
    "(photo credit: REUTERS)",
    "Play video",
    "Image: Leaders shaking hands outside the chancellery",
    "Advertisement",
    "Share this article",
    "Accessibility links",
])
def test_boilerplate_lines_are_removed(tmp_path: Path, furniture: str) -> None:
    art = read(tmp_path, f"{furniture}\nMacron and Scholz meet in Paris - 2023-03-15\n{furniture}\n{BODY}\n{furniture}\n")
    assert furniture not in art.text
    assert BODY in art.text
    assert art.title == "Macron and Scholz meet in Paris"


def test_caption_credits_are_stripped_but_the_sentence_stays(tmp_path: Path) -> None:
    text = ("Macron and Scholz meet in Paris - 2023-03-15\n"
            f"{BODY}\n"
            "The two leaders shook hands in the courtyard of the palace. (photo credit: REUTERS)\n"
            "Scholz later flew back to Berlin, where his cabinet was waiting.Image: dapd\n")
    art = read(tmp_path, text)
    assert "The two leaders shook hands in the courtyard of the palace." in art.text
    assert "Scholz later flew back to Berlin, where his cabinet was waiting." in art.text
    assert "REUTERS" not in art.text and "photo credit" not in art.text.lower()
    assert "dapd" not in art.text and "Image:" not in art.text


def test_lines_stay_separate_paragraphs_when_not_hard_wrapped(tmp_path: Path) -> None:
    art = read(tmp_path, "Macron and Scholz meet - 2023-03-15\nLeaders at the palace gate\n" + BODY + "\n")
    # A caption without a full stop must not run into the next sentence.
    assert "Leaders at the palace gate\n\n" in art.text


def test_hard_wrapped_text_is_rejoined(tmp_path: Path) -> None:
    para1 = ("Brazilian President Luiz Inacio Lula da Silva arrived in Washington on Friday for talks "
             "with US President Joe Biden at the White House, his first visit since taking office. The "
             "two leaders were expected to discuss climate change, the Amazon rainforest and trade.")
    para2 = ("Officials on both sides said the meeting would also cover the war in Ukraine and the "
             "situation in Venezuela, where elections are due next year, and a joint fund for forests.")
    wrapped = "\n".join(textwrap.wrap(para1, 60)) + "\n\n" + "\n".join(textwrap.wrap(para2, 60))
    art = read(tmp_path, f"Lula makes his first visit to Washington as president - 2023-02-10\n\n{wrapped}\n")
    assert art.title == "Lula makes his first visit to Washington as president"
    assert para1 in art.text
    assert para2 in art.text
    assert f"{para1}\n\n{para2}" in art.text  # the blank line still separates paragraphs


def test_html_input_gives_text_without_markup_scripts_or_navigation(tmp_path: Path) -> None:
    markup = """<!DOCTYPE html><html><head><title>Ruto hosts Tinubu in Nairobi</title>
<script>var tracker = "do-not-keep-this";</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World news menu</a></nav>
<article><h1>Ruto hosts Tinubu in Nairobi - 2023-11-20</h1>
<p>Kenyan President William Ruto met Nigerian President Bola Tinubu in Nairobi on Monday &amp; discussed trade.</p>
<p>The two leaders agreed to meet again next year in Abuja.</p></article>
<footer>Copyright footer text here</footer></body></html>"""
    art = read(tmp_path, markup, name="ruto.html")
    assert art.title == "Ruto hosts Tinubu in Nairobi"
    assert art.published == PartialDate(2023, 11, 20)
    assert "Kenyan President William Ruto met Nigerian President Bola Tinubu in Nairobi on Monday & discussed trade." in art.text
    assert "The two leaders agreed to meet again next year in Abuja." in art.text
    for junk in ("<p>", "tracker", "do-not-keep-this", "color: red", "World news menu", "Copyright footer"):
        assert junk not in art.text


# ---- errors -------------------------------------------------------------------------------------

def assert_input_error_names(exc: pytest.ExceptionInfo, name: str) -> None:
    message = str(exc.value)
    assert name in message
    assert "\n" not in message


def test_empty_file_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    path = write_article(tmp_path, "empty_story.txt", "")
    with pytest.raises(InputError) as exc:
        ingest.read_articles([str(path)])
    assert_input_error_names(exc, "empty_story.txt")


def test_whitespace_only_file_is_an_input_error(tmp_path: Path) -> None:
    path = write_article(tmp_path, "blank_story.txt", "  \n\n\t \n")
    with pytest.raises(InputError) as exc:
        ingest.read_articles([str(path)])
    assert_input_error_names(exc, "blank_story.txt")


def test_binary_file_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    path = write_article(tmp_path, "picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(InputError) as exc:
        ingest.read_articles([str(path)])
    assert_input_error_names(exc, "picture.txt")
    assert "binary" in str(exc.value).lower()


def test_missing_path_is_an_input_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "ghost_story.txt"
    with pytest.raises(InputError) as exc:
        ingest.read_articles([str(missing)])
    assert_input_error_names(exc, "ghost_story.txt")


def test_folder_without_articles_is_an_input_error_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "empty_folder"
    folder.mkdir()
    (folder / "notes.json").write_text("{}")  # not an article suffix
    with pytest.raises(InputError) as exc:
        ingest.read_articles([str(folder)])
    assert_input_error_names(exc, "empty_folder")


def test_duplicate_article_ids_are_an_input_error_naming_both_files(tmp_path: Path) -> None:
    first = write_article(tmp_path / "one", "same_story.txt", f"Macron and Scholz meet\n\n{BODY}\n")
    second = write_article(tmp_path / "two", "same_story.txt", f"Scholz and Macron meet\n\n{BODY}\n")
    with pytest.raises(InputError) as exc:
        ingest.read_articles([str(first), str(second)])
    assert_input_error_names(exc, str(second))
    assert str(first) in str(exc.value)


def test_one_bad_file_in_a_folder_stops_the_whole_read(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    write_article(folder, "good.txt", f"Macron and Scholz meet\n\n{BODY}\n")
    write_article(folder, "zz_empty.txt", "")
    with pytest.raises(InputError) as exc:
        ingest.read_articles([str(folder)])
    assert_input_error_names(exc, "zz_empty.txt")


def test_folder_is_read_recursively_in_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_article(folder / "b", "b_story.txt", f"Second story here\n\n{BODY}\n")
    write_article(folder, "a_story.txt", f"First story here\n\n{BODY}\n")
    write_article(folder, "c_story.html", f"<h1>Third story here</h1><p>{BODY}</p>")
    ids = [a.article_id for a in ingest.read_articles([str(folder)])]
    assert sorted(ids) == ["a_story", "b_story", "c_story"]
