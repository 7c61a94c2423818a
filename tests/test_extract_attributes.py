"""A meeting's place, date and agenda: the phenomena behind the errors seen on the dev set.

Short articles written for these tests (own words, invented events between real office holders),
each stating one phenomenon; run through the real spaCy model and extractor.
"""
from __future__ import annotations

from test_extract import article, meetings_of, only_meeting

from kg.model import PartialDate, Status


def test_a_host_welcomes_the_guest_to_a_city(extract) -> None:
    facts = extract(article(
        "Kenyan President William Ruto welcomed Ghanaian President John Mahama to Nairobi on Monday for a "
        "state visit, with the fighting in Sudan at the top of the agenda."))
    assert only_meeting(facts, "William Ruto", "John Mahama").place == "Nairobi"


def test_the_place_of_a_topic_is_not_the_meeting_place(extract) -> None:
    facts = extract(article(
        "VIENNA - Austrian Foreign Minister Alexander Schallenberg held talks with his Turkish counterpart "
        "Hakan Fidan on Monday on the situation in the Black Sea."))
    assert only_meeting(facts, "Alexander Schallenberg", "Hakan Fidan").place == "Vienna"


def test_a_landmark_near_the_venue_is_not_the_venue(extract) -> None:
    facts = extract(article(
        "Chancellor Friedrich Merz met President Emmanuel Macron on Tuesday at a castle outside Bonn. "
        "The two leaders discussed defence."))
    assert only_meeting(facts, "Friedrich Merz", "Emmanuel Macron").place != "Bonn"


def test_an_upper_case_dateline_sets_the_scene(extract) -> None:
    facts = extract(article(
        "NAIROBI — Kenyan President William Ruto held talks with Ethiopian Prime Minister Abiy Ahmed on "
        "Thursday."))
    assert only_meeting(facts, "William Ruto", "Abiy Ahmed").place == "Nairobi"


def test_an_airport_is_the_scene_of_its_own_sentence_only(extract) -> None:
    facts = extract(article(
        "Iranian President Masoud Pezeshkian landed at Baghdad International Airport on Wednesday, where he "
        "was welcomed by Foreign Minister Fuad Hussein. Later in the day Pezeshkian held talks with Prime "
        "Minister Mohammed Shia al-Sudani.", published="2024-09-11"))
    talks = only_meeting(facts, "Masoud Pezeshkian", "Mohammed Shia al-Sudani")
    assert talks.place != "Baghdad International Airport"


def test_a_date_of_a_figure_is_not_the_date_of_the_talks(extract) -> None:
    facts = extract(article(
        "Turkish President Recep Tayyip Erdogan hosted Iranian President Ebrahim Raisi in Ankara on Wednesday. "
        "Erdogan said the talks between him and Raisi had focused on raising trade to $30 billion, from about "
        "$6 billion last year.", published="2024-01-24"))
    for meeting in meetings_of(facts, "Recep Tayyip Erdogan", "Ebrahim Raisi"):
        assert meeting.date != PartialDate(2023)


def test_going_into_a_meeting_is_not_a_plan(extract) -> None:
    facts = extract(article(
        "Turkish President Recep Tayyip Erdogan received Iranian President Ebrahim Raisi at the Presidential "
        "Complex on Wednesday before the two leaders went into a one-on-one meeting.", published="2024-01-24"))
    statuses = {m.status for m in meetings_of(facts, "Recep Tayyip Erdogan", "Ebrahim Raisi")}
    assert statuses == {Status.HELD}


def test_a_counterpart_described_by_nationality_is_found(extract) -> None:
    facts = extract(article(
        "Iranian President Ebrahim Raisi arrived in Ankara on Wednesday. Turkish President Recep Tayyip "
        "Erdogan then received his Iranian counterpart with an official ceremony.", published="2024-01-24"))
    assert meetings_of(facts, "Recep Tayyip Erdogan", "Ebrahim Raisi")


def test_an_agenda_cue_must_govern_the_topic(extract) -> None:
    facts = extract(article(
        "The train stopped in the border town of Khasan, where North Korean leader Kim Jong Un was greeted by "
        "senior officials, including Russian Natural Resources Minister Alexander Kozlov."))
    meeting = only_meeting(facts, "Kim Jong Un", "Alexander Kozlov")
    assert "territorial-dispute" not in meeting.topics  # "including" a person puts no topic on the agenda


def test_a_cued_topic_in_the_meeting_sentence_is_on_its_agenda(extract) -> None:
    facts = extract(article(
        "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi on Thursday to "
        "discuss a new railway line and electricity exports."))
    assert {"transport", "energy"} <= only_meeting(facts, "William Ruto", "Abiy Ahmed").topics


def test_the_sentence_after_a_meeting_speaks_of_that_meeting(extract) -> None:
    facts = extract(article(
        "Indian Prime Minister Narendra Modi met Japanese Prime Minister Shigeru Ishiba in Tokyo on Friday. "
        "Chinese Premier Li Qiang held talks with Pakistani Prime Minister Shehbaz Sharif in Islamabad on "
        "Monday. The two leaders also opened a new port in Gwadar.", published="2025-01-10"))
    assert "transport" in only_meeting(facts, "Li Qiang", "Shehbaz Sharif").topics
    assert "transport" not in only_meeting(facts, "Narendra Modi", "Shigeru Ishiba").topics


def test_a_venue_and_its_short_names_are_one_place(extract) -> None:
    facts = extract(article(
        "Chancellor Friedrich Merz met President Emmanuel Macron at Meseberg Palace on Tuesday. Reporters "
        "waited in the gardens of Schloss Meseberg, and the talks at Meseberg ran late."))
    names = {p.name for p in facts.places}
    assert "Meseberg Palace" in names and not names & {"Meseberg", "Schloss Meseberg"}


def test_a_district_of_the_city_is_the_same_meeting(extract) -> None:
    facts = extract(article(
        "French President Emmanuel Macron hosted German Chancellor Olaf Scholz in Paris on Monday. Macron "
        "received Scholz in Nanterre on Monday for talks on defence.", published="2024-05-28"))
    assert only_meeting(facts, "Emmanuel Macron", "Olaf Scholz").place == "Nanterre"
