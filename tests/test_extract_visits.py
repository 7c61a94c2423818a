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


def test_greeters_at_the_airport_include_an_ambassador_to_a_country(extract) -> None:
    facts = extract(article(
        "Kazakh President Kassym-Jomart Tokayev began a state visit to Uzbekistan on Thursday. The "
        "presidential plane touched down at Tashkent International Airport early in the morning. At the "
        "foot of the ramp, the Kazakh leader was greeted by Uzbek Prime Minister Abdulla Aripov and "
        "Kazakhstan's Ambassador to Uzbekistan Yerlan Kubashev.", published="2024-06-13"))
    greeting = meeting_with(facts, "Kassym-Jomart Tokayev", "Abdulla Aripov", "Yerlan Kubashev")
    assert greeting.place == "Tashkent International Airport"


def test_the_two_leaders_where_a_welcome_was_given_and_one_ceremony(extract) -> None:
    facts = extract(article(
        "Vietnamese Prime Minister Pham Minh Chinh visited Beijing on Monday. Chinese President Xi Jinping "
        "welcomed his Vietnamese counterpart with an official ceremony at the Great Hall of the People on "
        "Tiananmen Square, where the two leaders then held talks. In the evening, Xi hosted Pham Minh Chinh for "
        "an informal tea at the Zhongnanhai residential compound.", published="2024-08-19"))
    talks, tea = sorted((m for m in facts.meetings if set(m.participants) == {"Xi Jinping", "Pham Minh Chinh"}),
                        key=lambda m: m.sentences[0])
    assert talks.place == "Great Hall of the People"
    assert len(facts.meetings) == 2


def test_the_leader_of_a_country_with_several_officials_named(extract) -> None:
    facts = extract(article(
        "Chinese President Xi Jinping received the visiting prime minister in Beijing. Xi said ties were "
        "strong. Chinese Premier Li Qiang and Chinese Vice President Han Zheng also attended. Xi later "
        "praised the visit. Pakistani Prime Minister Shehbaz Sharif last travelled to Beijing in June, when "
        "he held talks with the Chinese leader on trade.", published="2024-10-20"))
    assert any(set(m.participants) == {"Shehbaz Sharif", "Xi Jinping"} for m in facts.meetings)


def test_together_with_a_host_opening_an_expo(extract) -> None:
    facts = extract(article(
        "HARBIN -- Together with Chinese Vice President Han Zheng, Russian Prime Minister Mikhail Mishustin "
        "opened the 9th Russia-China Expo on Friday.", published="2025-05-17"))
    assert meeting_with(facts, "Han Zheng", "Mikhail Mishustin").place == "Harbin"


def test_a_summit_named_later_with_its_own_date_is_not_the_story_now(extract) -> None:
    facts = extract(article(
        "HARBIN, May 17 -- Russian President Vladimir Putin held talks with Chinese President Xi Jinping in "
        "Beijing on Thursday and opened an expo in Harbin on Friday. Putin addressed the opening ceremony. "
        "Putin and Xi are expected to meet again in early July in Astana at the summit of the Shanghai "
        "Cooperation Organisation.", published="2024-05-17"))
    planned = [m for m in facts.meetings if m.status == Status.PLANNED]
    assert len(planned) == 1 and planned[0].place == "Astana"


def test_who_attended_the_talks_is_not_an_event_of_its_own(extract) -> None:
    facts = extract(article(
        "ABU DHABI -- UAE President Mohamed bin Zayed Al Nahyan received Indian Prime Minister Narendra Modi "
        "at Qasr Al Watan on Tuesday. Sheikh Mohamed also briefed his guest on the UN climate conference "
        "being held in Dubai. The talks were attended by Sheikh Abdullah bin Zayed Al Nahyan, Minister of "
        "Foreign Affairs.", published="2024-02-13"))
    (meeting,) = facts.meetings
    assert set(meeting.participants) == {"Mohamed bin Zayed Al Nahyan", "Narendra Modi", "Abdullah bin Zayed Al Nahyan"}


def test_a_three_way_summit_with_a_third_leader_is_one_meeting(extract) -> None:
    facts = extract(article(
        "ANKARA -- Turkish President Recep Tayyip Erdogan welcomed Iranian President Ebrahim Raisi at the "
        "Presidential Complex on Wednesday. Erdogan and Raisi last met in person in Tehran in July 2022, at a "
        "three-way summit on Syria with Russian President Vladimir Putin.", published="2024-01-24"))
    recalled = [m for m in facts.meetings if m.date == PartialDate(2022, 7)]
    assert len(recalled) == 1
    assert set(recalled[0].participants) == {"Recep Tayyip Erdogan", "Ebrahim Raisi", "Vladimir Putin"}


def test_a_sash_received_from_the_predecessor_is_a_meeting(extract) -> None:
    facts = extract(article(
        "Luiz Inacio Lula da Silva was sworn in on a Sunday and received the presidential sash from "
        "a group of citizens, as outgoing president Jair Bolsonaro had left for Florida. In Mexico City, "
        "Claudia Sheinbaum received the presidential sash from outgoing president Andres Manuel Lopez Obrador "
        "on Tuesday.", published="2024-10-02"))
    (meeting,) = facts.meetings
    assert set(meeting.participants) == {"Claudia Sheinbaum", "Andres Manuel Lopez Obrador"}


def test_a_host_receives_dignitaries_listed_in_the_room_but_not_the_source(extract) -> None:
    facts = extract(article(
        "MONTEVIDEO -- Uruguay's new president Yamandu Orsi took office on Saturday. In the afternoon, Orsi "
        "received the foreign dignitaries at the Torre Ejecutiva. Among those in the room were Brazilian "
        "President Luiz Inacio Lula da Silva, Chilean President Gabriel Boric and Spanish King Felipe VI, "
        "according to the presidential spokesman, Jorge Diaz.", published="2025-03-01"))
    (reception,) = [m for m in facts.meetings if "Yamandu Orsi" in m.participants]
    assert set(reception.participants) == {"Yamandu Orsi", "Luiz Inacio Lula da Silva", "Gabriel Boric", "Felipe VI"}
    assert reception.place == "Torre Ejecutiva" and reception.date == PartialDate(2025, 3, 1)


def test_the_two_men_are_the_two_subjects_just_named(extract) -> None:
    facts = extract(article(
        "Chilean President Gabriel Boric flew in overnight. Colombian President Gustavo Petro was also in the "
        "audience, and the two men were filmed in an animated conversation in a corridor of the palace.",
        published="2025-03-01"))
    (meeting,) = facts.meetings
    assert set(meeting.participants) == {"Gabriel Boric", "Gustavo Petro"}


def test_separate_talks_with_two_leaders_are_two_meetings(extract) -> None:
    facts = extract(article(
        "Later, Ukrainian President Volodymyr Zelensky held separate talks with Paraguayan President Santiago "
        "Pena and Ecuadorian President Daniel Noboa at the Alvear Palace Hotel.", published="2023-12-10"))
    assert sorted(tuple(sorted(m.participants)) for m in facts.meetings) == [
        ("Daniel Noboa", "Volodymyr Zelensky"), ("Santiago Pena", "Volodymyr Zelensky")]


def test_the_two_leaders_who_met_are_office_holders_not_a_victim_named_nearby(extract) -> None:
    facts = extract(article(
        "Canadian Prime Minister Justin Trudeau spoke at the virtual summit on Wednesday. Mr. Trudeau's "
        "participation was closely watched. Relations have been frozen since he linked Indian agents to the "
        "killing of separatist Hardeep Singh Nijjar. Indian Prime Minister Narendra Modi had raised his "
        "concerns when the two leaders met on the margins of the summit in New Delhi in September. Mr. "
        "Trudeau's remarks focused on Ukraine.", published="2023-11-22"))
    assert [set(m.participants) for m in facts.meetings] == [{"Justin Trudeau", "Narendra Modi"}]


def test_aid_reaching_a_place_does_not_move_the_story_there(extract) -> None:
    facts = extract(article(
        "NEW DELHI -- Prime Minister Narendra Modi hosted a virtual summit on Wednesday, calling for "
        "humanitarian aid to reach the people of Gaza. Later, Modi received Australian Foreign Minister Penny "
        "Wong.", published="2023-11-22"))
    (meeting,) = facts.meetings
    assert meeting.place == "New Delhi"


def test_a_named_summit_dated_in_a_later_mention_with_a_stand_in(extract) -> None:
    facts = extract(article(
        "The virtual format, proposed at the end of the Bali summit, did not produce a declaration. The Bali "
        "summit, held at the Apurva Kempinski hotel on November 15 and 16, was attended in person by U.S. "
        "President Joe Biden and French President Emmanuel Macron, with Russian President Vladimir Putin "
        "sending Foreign Minister Sergei Lavrov in his place.", published="2023-11-22"))
    (summit,) = facts.meetings
    assert set(summit.participants) == {"Joe Biden", "Emmanuel Macron", "Sergei Lavrov"}
    assert summit.status == Status.HELD and summit.date == PartialDate(2023, 11, 15)


def test_the_visit_by_a_premier_who_held_talks(extract) -> None:
    facts = extract(article(
        "Chinese President Xi Jinping arrives in Kuala Lumpur next week. Xi last visited in 2013. Xi has met "
        "Malaysian leaders often. In between, Chinese Premier Li Qiang came to Putrajaya last June, the first "
        "visit by a Chinese premier in nearly a decade, and held talks with Prime Minister Anwar Ibrahim.",
        published="2025-04-12"))
    assert [set(m.participants) for m in facts.meetings] == [{"Li Qiang", "Anwar Ibrahim"}]
