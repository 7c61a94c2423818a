"""Extraction across sentences and names: gatherings, anaphora, name variants and pairs.

Short articles written for these tests (own words, invented events between real office holders),
each stating one phenomenon; run through the real spaCy model and extractor.
"""
from __future__ import annotations

from test_extract import article, meetings_of, only_meeting, persons

from kg.model import PartialDate, Status


def test_gathering_collects_everyone_the_text_puts_there(extract) -> None:
    facts = extract(article(
        "Leaders of the East African Community gathered in Arusha on Saturday for the bloc's annual summit. "
        "Kenyan President William Ruto chaired the opening session, which was also attended by Tanzanian "
        "President Samia Suluhu Hassan and Ugandan President Yoweri Museveni."))
    summit = only_meeting(facts, "William Ruto", "Samia Suluhu Hassan")
    assert set(summit.participants) == {"William Ruto", "Samia Suluhu Hassan", "Yoweri Museveni"}


def test_virtual_session_does_not_put_anyone_at_a_gathering(extract) -> None:
    facts = extract(article(
        "Kenyan President William Ruto and Tanzanian President Samia Suluhu Hassan attended the summit in "
        "Arusha on Saturday. Ugandan President Yoweri Museveni took part in a virtual session from Kampala."))
    summit = only_meeting(facts, "William Ruto", "Samia Suluhu Hassan")
    assert "Yoweri Museveni" not in summit.participants


def test_the_two_refers_to_the_people_just_named(extract) -> None:
    facts = extract(article(
        "Indian Prime Minister Narendra Modi will receive Bangladeshi Prime Minister Sheikh Hasina in New Delhi "
        "on Friday. The two last met in Dhaka in March 2021."))
    dates = {m.date for m in meetings_of(facts, "Narendra Modi", "Sheikh Hasina")}
    assert PartialDate(2021, 3) in dates  # the recalled meeting is its own meeting


def test_pair_of_names_joined_by_a_hyphen_is_two_people(extract) -> None:
    facts = extract(article(
        "Indian Prime Minister Narendra Modi and Bangladeshi Prime Minister Sheikh Hasina signed seven "
        "agreements on Saturday. Officials called the Hasina-Modi talks in New Delhi a success."))
    assert "Hasina-Modi" not in persons(facts)
    assert only_meeting(facts, "Narendra Modi", "Sheikh Hasina").place == "New Delhi"


def test_calling_on_someone_is_a_visit_and_the_pronoun_is_not_the_visitor(extract) -> None:
    facts = extract(article(
        "Bangladeshi Prime Minister Sheikh Hasina arrived in New Delhi on Friday. In the evening Indian "
        "Vice-President Jagdeep Dhankhar called on her at her hotel."))
    assert only_meeting(facts, "Jagdeep Dhankhar", "Sheikh Hasina").status == Status.HELD


def test_description_by_nationality_finds_the_person(extract) -> None:
    facts = extract(article(
        "Hungarian Prime Minister Viktor Orban flew to Paris on Thursday. French President Emmanuel Macron "
        "hosted the Hungarian leader for dinner at the Elysee Palace."))
    assert only_meeting(facts, "Emmanuel Macron", "Viktor Orban")


def test_middle_names_and_family_names_alone_are_one_person(extract) -> None:
    facts = extract(article(
        "Nigerian President Bola Ahmed Tinubu received Ghanaian President Nana Akufo-Addo in Abuja on "
        "Monday. Bola Tinubu said the talks went well, and Akufo-Addo agreed."))
    assert {"Bola Ahmed Tinubu", "Nana Akufo-Addo"} == set(persons(facts))


def test_name_after_a_country_possessive_is_a_person_whatever_spacy_tags(extract) -> None:
    facts = extract(article(
        "Uruguayan President Luis Lacalle Pou will host Paraguay's Santiago Pena and Bolivia's Luis Arce "
        "in Montevideo on Friday."))
    assert {"Santiago Pena", "Luis Arce", "Luis Lacalle Pou"} <= set(persons(facts))


def test_publication_date_in_page_furniture_anchors_relative_dates(extract) -> None:
    facts = extract("Ruto meets Tinubu\n\nPublished 14 September 2023\n\nKenyan President William Ruto met "
                    "Nigerian President Bola Tinubu in Abuja on Wednesday.\n")
    assert only_meeting(facts, "William Ruto", "Bola Tinubu").date == PartialDate(2023, 9, 13)


def test_pronoun_can_refer_to_the_owner_of_the_subject(extract) -> None:
    facts = extract(article(
        "Kenyan President William Ruto's plane landed in Abuja on Monday, where he was welcomed by Nigerian "
        "Vice President Kashim Shettima."))
    assert only_meeting(facts, "William Ruto", "Kashim Shettima").place == "Abuja"


def test_names_after_a_host_verb_count_even_when_the_parse_misses_the_object(extract) -> None:
    facts = extract(article(
        "Turkish President Recep Tayyip Erdogan hosted Hamas leader Ismail Haniyeh and Palestinian President "
        "Mahmoud Abbas together in Ankara in July last year."))
    meeting = only_meeting(facts, "Recep Tayyip Erdogan", "Mahmoud Abbas")
    assert set(meeting.participants) == {"Recep Tayyip Erdogan", "Ismail Haniyeh", "Mahmoud Abbas"}
    assert meeting.date == PartialDate(2022, 7)


def test_undated_meeting_takes_the_day_the_story_is_at(extract) -> None:
    facts = extract(article(
        "Japanese Prime Minister Fumio Kishida landed in Seoul on Sunday. South Korean President Yoon Suk Yeol "
        "then received Kishida at the presidential office."))
    assert only_meeting(facts, "Fumio Kishida", "Yoon Suk Yeol").date == PartialDate(2023, 3, 12)


def test_a_name_with_a_role_in_apposition_is_a_person_whatever_spacy_tagged(extract) -> None:
    facts = extract(article(
        '"We cannot rest while the region burns," Moussa Faki Mahamat, chairperson of the African Union '
        "Commission, told reporters on Saturday."))
    assert "Moussa Faki Mahamat" in persons(facts)


def test_everyone_a_summit_sentence_puts_there_takes_part(extract) -> None:
    facts = extract(article(
        "African heads of state gathered in Addis Ababa on Saturday for the bloc's annual summit. Mauritanian "
        "President Mohamed Ould Ghazouani took over the chairmanship of the body from Comoros President Azali "
        "Assoumani at the opening session, which was also attended by Ethiopian Prime Minister Abiy Ahmed. "
        '"Peace comes first," Kenyan President William Ruto told the leaders. Ukrainian President Volodymyr '
        "Zelensky addressed the leaders by video link."))
    summit = only_meeting(facts, "Mohamed Ould Ghazouani", "Abiy Ahmed")
    assert set(summit.participants) == {"Mohamed Ould Ghazouani", "Azali Assoumani", "Abiy Ahmed", "William Ruto"}
