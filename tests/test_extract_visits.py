"""State visits told the way agencies tell them: honorifics of address, airport receptions with
officials "on hand", welcome ceremonies "hosted by" a monarch, banquets "in honour of" the guest,
and the next leg of a tour.

Short articles written for these tests (own words, invented events between real office holders),
each stating one phenomenon; run through the real spaCy model and extractor.
"""
from __future__ import annotations

from test_extract import article

from kg.model import PartialDate, Status


def persons(facts) -> set[str]:
    return {p.name for p in facts.persons}


def meeting_with(facts, *names):
    (meeting,) = [m for m in facts.meetings if set(names) <= set(m.participants)
                  and len(m.participants) == len(names)]
    return meeting


def test_malay_honorifics_are_not_part_of_the_name(extract) -> None:
    facts = extract(article(
        "Home Minister Datuk Seri Saifuddin Nasution Ismail met Indonesian Vice President Gibran Rakabuming "
        "Raka in Jakarta on Monday. Former premier Tan Sri Muhyiddin Yassin did not attend.",
        published="2025-02-11"))
    names = persons(facts)
    assert {"Saifuddin Nasution Ismail", "Muhyiddin Yassin"} <= names
    assert not {n for n in names if "Datuk" in n or "Seri" in n or n.startswith("Tan ")}


def test_an_honorific_inside_a_name_is_dropped(extract) -> None:
    facts = extract(article(
        "Economy Minister Tengku Datuk Seri Rafizi Tengku Ramli told reporters in Kuala Lumpur that "
        "talks would continue.", published="2025-02-11"))
    assert "Tengku Rafizi Tengku Ramli" in persons(facts)


def test_a_royal_named_after_her_majesty_is_a_person(extract) -> None:
    facts = extract(article(
        "Sultan Hassanal Bolkiah and Her Majesty Raja Isteri Saleha will host a dinner in honour of the "
        "Indonesian leader at Istana Nurul Iman tonight. Indonesian President Prabowo Subianto arrived in "
        "Bandar Seri Begawan on Monday.", published="2025-03-03"))
    assert "Raja Isteri Saleha" in persons(facts)


def test_a_passive_reception_by_a_host_hung_on_the_place_and_an_official_on_hand(extract) -> None:
    facts = extract(article(
        "Indonesian President Prabowo Subianto arrived at the Terminal 1 complex of Ninoy Aquino "
        "International Airport on Monday. He was received at the foot of the aircraft steps by Philippine "
        "Vice President Sara Duterte, with Foreign Secretary Enrique Manalo also on hand.",
        published="2025-03-03"))
    reception = meeting_with(facts, "Prabowo Subianto", "Sara Duterte", "Enrique Manalo")
    assert reception.status == Status.HELD


def test_a_pronoun_after_a_described_leader_is_that_leader(extract) -> None:
    facts = extract(article(
        "Vietnamese President Luong Cuong held talks with Indonesian President Prabowo Subianto in Jakarta on "
        "Monday. Indonesian Foreign Minister Sugiono said the talks went well. The Vietnamese leader later "
        "arrived in Bandung. He was greeted there by West Java Governor Dedi Mulyadi.",
        published="2025-03-11"))
    assert meeting_with(facts, "Luong Cuong", "Dedi Mulyadi")


def test_a_welcome_ceremony_hosted_by_the_monarch_with_the_premier_present(extract) -> None:
    facts = extract(article(
        "KUALA LUMPUR, March 3 -- Prime Minister Anwar Ibrahim and Indonesian President Prabowo Subianto held "
        "talks at Perdana Putra today. Earlier, Prabowo was accorded an official welcome ceremony at Istana "
        "Negara, hosted by Sultan Ibrahim. Anwar was also present at the ceremony, which included a "
        "21-gun salute.", published="2025-03-03"))
    welcome = meeting_with(facts, "Prabowo Subianto", "Sultan Ibrahim", "Anwar Ibrahim")
    assert welcome.place == "Istana Negara"
    assert welcome.date == PartialDate(2025, 3, 3)
    talks = meeting_with(facts, "Prabowo Subianto", "Anwar Ibrahim")
    assert talks.place == "Perdana Putra"


def test_a_banquet_in_honour_of_the_guest_with_those_expected_to_attend(extract) -> None:
    facts = extract(article(
        "JAKARTA, Jan 20 -- Indian Prime Minister Narendra Modi held talks with President Prabowo Subianto at "
        "Merdeka Palace today. Prabowo is scheduled to host a state banquet in honour of the Indian leader at "
        "the Bogor Palace tonight, which Foreign Minister Sugiono and Indian External Affairs Minister "
        "Subrahmanyam Jaishankar are also expected to attend.", published="2025-01-20"))
    banquet = meeting_with(facts, "Prabowo Subianto", "Narendra Modi", "Sugiono", "Subrahmanyam Jaishankar")
    assert banquet.status == Status.PLANNED
    assert meeting_with(facts, "Narendra Modi", "Prabowo Subianto").place == "Merdeka Palace"


def test_a_banquet_for_the_guest_is_not_the_days_talks(extract) -> None:
    facts = extract(article(
        "ASTANA -- Kazakh President Kassym-Jomart Tokayev held talks with Turkish President Recep Tayyip "
        "Erdogan at the Akorda on Wednesday. In the evening, Tokayev hosted a state banquet in honour of the "
        "Turkish leader, attended by First Lady Emine Erdogan.", published="2024-07-03"))
    talks = meeting_with(facts, "Kassym-Jomart Tokayev", "Recep Tayyip Erdogan")
    assert talks.date == PartialDate(2024, 7, 3)
    assert meeting_with(facts, "Kassym-Jomart Tokayev", "Recep Tayyip Erdogan", "Emine Erdogan")


def test_their_meeting_after_shaking_hands_is_of_that_pair(extract) -> None:
    facts = extract(article(
        "Thai Prime Minister Paetongtarn Shinawatra and her husband Pitaka Suksawat visited Hanoi on Monday. "
        "(Caption) Vietnamese Prime Minister Pham Minh Chinh shakes hands with Paetongtarn before their "
        "bilateral meeting at the Government Office today.", published="2025-05-16"))
    (meeting,) = facts.meetings
    assert set(meeting.participants) == {"Pham Minh Chinh", "Paetongtarn Shinawatra"}


def test_the_next_leg_where_the_guest_will_hold_talks(extract) -> None:
    facts = extract(article(
        "KUALA LUMPUR, April 16 -- Chinese President Xi Jinping ended his visit to Malaysia today. Xi is "
        "scheduled to leave for Phnom Penh tomorrow, the last stop of his tour, where he will hold talks with "
        "Cambodian Prime Minister Hun Manet.", published="2025-04-16"))
    talks = meeting_with(facts, "Xi Jinping", "Hun Manet")
    assert talks.place == "Phnom Penh" and talks.status == Status.PLANNED


def test_one_word_names_after_a_title(extract) -> None:
    facts = extract(article(
        "BRUSSELS -- King Philippe and Queen Mathilde received Japanese Prime Minister Shigeru Ishiba at "
        "the Royal Palace on Tuesday. Foreign Minister Sugiono of Indonesia was also in the city.",
        published="2025-03-04"))
    assert {"King Philippe", "Queen Mathilde", "Sugiono"} <= persons(facts)
    assert meeting_with(facts, "King Philippe", "Queen Mathilde", "Shigeru Ishiba").place == "Royal Palace"
