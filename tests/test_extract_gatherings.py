"""Who was at a summit, and the meetings around it: presence statements that do not name the event,
stand-ins, the two leaders of the last meeting, and headlines.

Short articles written for these tests (own words, invented events between real office holders),
each stating one phenomenon; run through the real spaCy model and extractor.
"""
from __future__ import annotations

from test_extract import article, meetings_of, only_meeting

from kg.model import PartialDate, Status


def summit_of(facts):
    (summit,) = [m for m in facts.meetings if len(m.participants) > 2]
    return summit


def test_co_chairs_and_a_host_named_by_it(extract) -> None:
    facts = extract(article(
        "The extraordinary summit of the regional bloc was co-chaired by Zambian President Hakainde Hichilema, "
        "the current chairperson, and Angola's President Joao Lourenco, who holds the rotating chair. It was "
        "hosted by Malawian President Lazarus Chakwera at the Bingu International Convention Centre in "
        "Lilongwe on Saturday.", published="2024-05-12"))
    summit = summit_of(facts)
    assert set(summit.participants) == {"Hakainde Hichilema", "Joao Lourenco", "Lazarus Chakwera"}
    assert summit.place == "Bingu International Convention Centre"


def test_attended_in_person_as_did_others(extract) -> None:
    facts = extract(article(
        "Leaders of the regional bloc held a summit in Lusaka on Saturday. Zimbabwean President Emmerson "
        "Mnangagwa, whose country chairs the bloc, attended in person, as did Mozambican President Filipe "
        "Nyusi and Botswana's Mokgweetsi Masisi. Congolese President Felix Tshisekedi did not attend.",
        published="2024-05-12"))
    assert set(summit_of(facts).participants) == {"Emmerson Mnangagwa", "Filipe Nyusi", "Mokgweetsi Masisi"}


def test_also_present_leaves_out_those_on_a_video_link(extract) -> None:
    facts = extract(article(
        "Pacific leaders opened their annual summit in Nuku'alofa on Monday, chaired by Tongan Prime Minister "
        "Siaosi Sovaleni. Also present were Fijian Prime Minister Sitiveni Rabuka and Samoan Prime Minister "
        "Fiame Naomi Mata'afa, while Australian Prime Minister Anthony Albanese followed by video link.",
        published="2024-08-27"))
    summit = summit_of(facts)
    assert {"Siaosi Sovaleni", "Sitiveni Rabuka", "Fiame Naomi Mata'afa"} <= set(summit.participants)
    assert "Anthony Albanese" not in summit.participants


def test_a_stand_in_is_there_and_the_leader_is_not(extract) -> None:
    facts = extract(article(
        "South American presidents met in Brasilia on Tuesday for a summit hosted by Brazilian President Luiz "
        "Inacio Lula da Silva, and attended by Chilean President Gabriel Boric and Colombian President Gustavo "
        "Petro. Peru's Dina Boluarte was represented by her prime minister, Alberto Otarola.",
        published="2023-05-31"))
    summit = summit_of(facts)
    assert "Alberto Otarola" in summit.participants and "Dina Boluarte" not in summit.participants


def test_guests_at_a_dinner_named_after_its_hosts(extract) -> None:
    facts = extract(article(
        "Ukrainian President Volodymyr Zelensky joined other leaders on Monday evening at a dinner hosted by "
        "King Charles at Windsor Castle, where Keir Starmer and Emmanuel Macron were also among the guests.",
        published="2025-03-04"))
    (dinner,) = meetings_of(facts, "Volodymyr Zelensky", "Keir Starmer")
    assert "Emmanuel Macron" in dinner.participants


def test_not_invited_to_the_session_is_not_there(extract) -> None:
    facts = extract(article(
        "European leaders held a summit in Granada on Thursday, attended by Spanish Prime Minister Pedro "
        "Sanchez, Italian Prime Minister Giorgia Meloni and French President Emmanuel Macron. Turkish President "
        "Recep Tayyip Erdogan, who was not invited to the main session, stayed in Ankara.",
        published="2023-10-06"))
    assert "Recep Tayyip Erdogan" not in summit_of(facts).participants


def test_a_list_after_among_them_is_not_the_pair_before(extract) -> None:
    facts = extract(article(
        "U.S. President Joe Biden met Chinese President Xi Jinping in Woodside on Wednesday. On Thursday the "
        "leaders of the 21 economies, among them Japan's Fumio Kishida, Canada's Justin Trudeau and Peru's "
        "Dina Boluarte, met at the Moscone Center in San Francisco.", published="2023-11-17"))
    summit = summit_of(facts)
    assert {"Fumio Kishida", "Justin Trudeau", "Dina Boluarte"} == set(summit.participants)


def test_a_meeting_on_the_sidelines_is_in_the_summits_town_not_its_hall(extract) -> None:
    facts = extract(article(
        "NEW DELHI, Sept 9 (Reuters) - Leaders of the Group of 20 opened their summit at the Pragati Maidan "
        "Convention Centre on Saturday, hosted by Indian Prime Minister Narendra Modi. On the sidelines of the "
        "summit, British Prime Minister Rishi Sunak held talks with Japanese Prime Minister Fumio Kishida.",
        published="2023-09-09"))
    talks = only_meeting(facts, "Rishi Sunak", "Fumio Kishida")
    assert talks.place == "New Delhi" and talks.date == PartialDate(2023, 9, 9)


def test_the_two_leaders_are_those_of_the_meeting_told_before(extract) -> None:
    facts = extract(article(
        "Japanese Prime Minister Fumio Kishida met South Korean President Yoon Suk Yeol on the sidelines of "
        "the summit on Friday. Kishida told a news conference that he would also speak with Chinese Premier Li "
        "Qiang soon. Li's office said a call was being arranged. The two leaders last met in Seoul in May.",
        published="2023-08-19"))
    assert {m.date for m in meetings_of(facts, "Fumio Kishida", "Yoon Suk Yeol")} >= {PartialDate(2023, 5)}
    assert not meetings_of(facts, "Fumio Kishida", "Li Qiang")


def test_a_headline_in_the_present_tense_reports_a_held_meeting(extract) -> None:
    facts = extract(article(
        "SYDNEY, May 24 (Reuters) - Indian Prime Minister Narendra Modi held talks with Australian Prime "
        "Minister Anthony Albanese at Admiralty House on Wednesday.",
        headline="Ministers agree climate goal as Modi meets Albanese", published="2023-05-24"))
    (meeting,) = meetings_of(facts, "Narendra Modi", "Anthony Albanese")
    assert meeting.status == Status.HELD


def test_a_subject_hung_on_an_opening_phrase(extract) -> None:
    facts = extract(article(
        "Mexican President Claudia Sheinbaum and Brazilian President Luiz Inacio Lula da Silva arrived in Lima "
        "on Thursday. On the sidelines of the summit, Sheinbaum, on her first trip abroad since taking office "
        "in October, held a bilateral meeting with Lula at the hotel where both delegations were staying.",
        published="2024-11-16"))
    assert meetings_of(facts, "Claudia Sheinbaum", "Luiz Inacio Lula da Silva")


def test_the_national_leader_after_a_country_possessive(extract) -> None:
    facts = extract(article(
        "Mexico's Claudia Sheinbaum and Colombia's Gustavo Petro attended the summit in Tegucigalpa on "
        "Wednesday. The Mexican leader also met with Chile's Gabriel Boric.", published="2025-04-10"))
    assert meetings_of(facts, "Claudia Sheinbaum", "Gabriel Boric")


def test_a_title_case_dateline_of_an_agency(extract) -> None:
    facts = extract(article(
        "Asuncion, Jul 8 (EFE).- Paraguayan President Santiago Pena received Uruguayan President Luis Lacalle "
        "Pou on Monday.", published="2024-07-08"))
    assert only_meeting(facts, "Santiago Pena", "Luis Lacalle Pou").place == "Asuncion"


def test_negotiations_on_an_accord_are_not_a_meeting_of_the_leaders(extract) -> None:
    facts = extract(article(
        "Brazilian President Luiz Inacio Lula da Silva met Mexican President Claudia Sheinbaum in Brasilia on "
        "Monday, and the two presidents agreed to revive negotiations on a trade agreement.",
        published="2025-03-04"))
    assert all(m.status == Status.HELD for m in facts.meetings)


def test_sitting_down_with_someone_is_a_meeting(extract) -> None:
    facts = extract(article(
        "Australian Prime Minister Anthony Albanese is expected to sit down with New Zealand Prime Minister "
        "Christopher Luxon in Apia on Thursday.", published="2024-10-22"))
    meeting = only_meeting(facts, "Anthony Albanese", "Christopher Luxon")
    assert meeting.status == Status.PLANNED and meeting.place == "Apia"


def test_a_bylines_town_is_the_scene_when_no_dateline_says_it(extract) -> None:
    facts = extract(
        "Luxon visits Australia\n\nBy political reporter Jane Doe in Canberra\n\nPosted Wed 23 Oct 2024\n\n"
        "Australian Prime Minister Anthony Albanese held talks with New Zealand Prime Minister Christopher "
        "Luxon on Wednesday.\n")
    assert only_meeting(facts, "Anthony Albanese", "Christopher Luxon").place == "Canberra"


def test_a_timelines_entries_take_their_headings_dates(extract) -> None:
    facts = extract(article(
        "Here is how the talks got there.\n\n12 February\nThe two presidents speak by phone.\n\n"
        "11 April\nWitkoff and Putin talk for more than four hours in St Petersburg.\n\n"
        "6 August\nSpecial envoy Steve Witkoff holds three hours of talks with Russian President Vladimir Putin "
        "in Moscow.\n", published="2025-08-14"))
    dates = {m.place: m.date for m in meetings_of(facts, "Steve Witkoff", "Vladimir Putin")}
    assert dates == {"St Petersburg": PartialDate(2025, 4, 11), "Moscow": PartialDate(2025, 8, 6)}


def test_talks_restated_by_a_noun_are_one_meeting(extract) -> None:
    facts = extract(article(
        "U.S. Secretary of State Marco Rubio sat down with Russian Foreign Minister Sergei Lavrov at Diriyah "
        "Palace in Riyadh on Tuesday, in talks hosted by Saudi Foreign Minister Faisal bin Farhan.",
        published="2025-02-19"))
    (talks,) = facts.meetings
    assert set(talks.participants) == {"Marco Rubio", "Sergei Lavrov", "Faisal bin Farhan"}


def test_their_talks_belong_to_the_unnamed_delegations(extract) -> None:
    facts = extract(article(
        "U.S. President Donald Trump met Ukrainian President Volodymyr Zelensky in Rome on Saturday. On Monday "
        "Russian and Ukrainian delegations held their first direct talks in Istanbul.", published="2025-05-20"))
    assert [m.place for m in meetings_of(facts, "Donald Trump", "Volodymyr Zelensky")] == ["Rome"]


def test_present_at_the_talks_joins_the_talks_told_before(extract) -> None:
    facts = extract(article(
        "Indian Prime Minister Narendra Modi held talks with Sri Lankan President Anura Kumara Dissanayake at "
        "the Presidential Secretariat in Colombo this morning. The two leaders first held a one-on-one meeting, "
        "followed by delegation-level talks, at which Indian External Affairs Minister S. Jaishankar and "
        "Foreign Minister Vijitha Herath were also present.", published="2025-04-05"))
    (talks,) = facts.meetings
    assert set(talks.participants) == {"Narendra Modi", "Anura Kumara Dissanayake", "S. Jaishankar",
                                       "Vijitha Herath"}
    assert talks.date == PartialDate(2025, 4, 5) and talks.place == "Presidential Secretariat"


def test_a_ceremonial_welcome_leads_into_the_talks(extract) -> None:
    facts = extract(article(
        "Sri Lankan President Anura Kumara Dissanayake welcomed Indian Prime Minister Narendra Modi at "
        "Independence Square on Saturday morning with a 21-gun salute. The two leaders then held talks at the "
        "Presidential Secretariat.", published="2025-04-05"))
    (talks,) = facts.meetings
    assert talks.place == "Presidential Secretariat"


def test_an_airport_welcome_stays_an_encounter_of_its_own(extract) -> None:
    facts = extract(article(
        "Sri Lankan President Anura Kumara Dissanayake welcomed Indian Prime Minister Narendra Modi at "
        "Bandaranaike International Airport on Saturday morning. The two leaders then held talks at the "
        "Presidential Secretariat.", published="2025-04-05"))
    assert len(facts.meetings) == 2


def test_an_award_named_after_a_country_is_no_person(extract) -> None:
    facts = extract(article(
        "Sri Lankan President Anura Kumara Dissanayake conferred the Sri Lanka Mitra Vibhushana on Indian Prime "
        "Minister Narendra Modi in Colombo on Saturday.", published="2025-04-05"))
    assert "Mitra Vibhushana" not in {p.name for p in facts.persons}


def test_held_no_separate_meeting_is_no_meeting(extract) -> None:
    facts = extract(article(
        "Colombian President Gustavo Petro and Brazilian President Luiz Inacio Lula da Silva held no separate "
        "meeting in Honduras, diplomats said.", published="2025-04-10"))
    assert not facts.meetings


def test_around_the_table_at_a_dinner_told_just_before(extract) -> None:
    facts = extract(article(
        "European Council President Antonio Costa hosted British Prime Minister Keir Starmer for dinner at the "
        "Egmont Palace on Monday evening. Around the table with Starmer were Emmanuel Macron and Donald Tusk, "
        "among others.", published="2025-02-04"))
    (dinner,) = facts.meetings
    assert set(dinner.participants) == {"Antonio Costa", "Keir Starmer", "Emmanuel Macron", "Donald Tusk"}


def test_arrivals_and_a_list_around_the_table_at_the_retreat(extract) -> None:
    facts = extract(article(
        "EU leaders spent Monday at the Egmont Palace in Brussels for an informal retreat on defence, convened "
        "by European Council President Antonio Costa. \"Europe must act,\" French President Emmanuel Macron said "
        "as he arrived. Danish Prime Minister Mette Frederiksen, arriving a few minutes later, said Greenland "
        "was not for sale. Also around the table: German Chancellor Olaf Scholz; Italy's Giorgia Meloni; and "
        "Hungary's Viktor Orban, who told reporters the bloc should stop provoking Donald Trump.",
        published="2025-02-04"))
    retreat = summit_of(facts)
    assert {"Antonio Costa", "Emmanuel Macron", "Mette Frederiksen", "Olaf Scholz", "Giorgia Meloni",
            "Viktor Orban"} <= set(retreat.participants)
    assert "Donald Trump" not in retreat.participants


def test_sent_in_place_of_the_president(extract) -> None:
    facts = extract(article(
        "Leaders of the Amazon countries held a summit in Belem on Tuesday, hosted by Brazilian President Luiz "
        "Inacio Lula da Silva. Among those attending were Bolivian President Luis Arce and Colombian President "
        "Gustavo Petro. Guyana sent Prime Minister Mark Phillips in place of President Irfaan Ali.",
        published="2023-08-09"))
    summit = summit_of(facts)
    assert {"Luis Arce", "Gustavo Petro"} <= set(summit.participants)
    assert "Irfaan Ali" not in summit.participants


def test_a_press_conference_elsewhere_before_the_summit_is_not_at_it(extract) -> None:
    facts = extract(article(
        "Polish Prime Minister Donald Tusk held talks with Ukrainian President Volodymyr Zelensky in Kyiv on "
        "Monday, after which the two leaders appeared together at a press conference in the Ukrainian capital. "
        "Tusk will meet Hungarian Prime Minister Viktor Orban at next week's EU summit in Brussels.",
        published="2024-01-22"))
    for meeting in meetings_of(facts, "Viktor Orban"):
        assert "Volodymyr Zelensky" not in meeting.participants


def test_attending_the_meeting_is_no_meeting_of_the_attendees(extract) -> None:
    facts = extract(article(
        "Mercosur leaders held their summit in Montevideo on Friday, hosted by Uruguayan President Luis Lacalle "
        "Pou. Paraguay's Santiago Pena and Bolivian President Luis Arce also attended the meeting.",
        published="2024-12-07"))
    assert [len(m.participants) for m in facts.meetings] == [3]


def test_a_meeting_of_ministers_is_an_event_of_its_own(extract) -> None:
    facts = extract(article(
        "NEW YORK, Sept 23 (Reuters) - World leaders gathered for the U.N. General Assembly this week. On "
        "Wednesday, South Korean Foreign Minister Cho Tae-yul will attend a meeting of Group of 20 foreign "
        "ministers at U.N. headquarters, chaired by Brazilian Foreign Minister Mauro Vieira.",
        published="2024-09-23"))
    meeting = only_meeting(facts, "Cho Tae-yul", "Mauro Vieira")
    assert meeting.status == Status.PLANNED and meeting.place == "New York"


def test_there_is_the_place_named_just_before(extract) -> None:
    facts = extract(article(
        "Angolan President Joao Lourenco takes over the African Union chair at the summit in Addis Ababa next "
        "weekend. Kenyan President William Ruto is expected to meet him there.", published="2025-02-09"))
    assert only_meeting(facts, "William Ruto", "Joao Lourenco").place == "Addis Ababa"


def test_a_pair_speaking_seated_inside_a_named_building(extract) -> None:
    facts = extract(article(
        "Donald Trump and Volodymyr Zelensky spoke for 15 minutes, seated on two chairs inside St Peter's "
        "Basilica, on April 26.", published="2025-06-03"))
    assert only_meeting(facts, "Donald Trump", "Volodymyr Zelensky").status == Status.HELD


def test_face_to_face_in_the_presence_of_the_mediator(extract) -> None:
    facts = extract(article(
        "The first round of talks was held in Muscat on Saturday. After two hours of indirect exchanges, "
        "Iranian Foreign Minister Abbas Araghchi and U.S. envoy Steve Witkoff spoke face to face for about "
        "45 minutes in the presence of Omani Foreign Minister Badr Albusaidi.", published="2025-04-14"))
    (talks,) = facts.meetings
    assert set(talks.participants) == {"Abbas Araghchi", "Steve Witkoff", "Badr Albusaidi"}


def test_a_message_handed_over_after_the_talks_is_no_letter_instead_of_them(extract) -> None:
    facts = extract(article(
        "Iranian Foreign Minister Abbas Araghchi met Russian Foreign Minister Sergei Lavrov in Moscow on Friday "
        "and handed him a written message for President Vladimir Putin.", published="2025-04-20"))
    assert only_meeting(facts, "Abbas Araghchi", "Sergei Lavrov").place == "Moscow"


def test_a_trip_told_in_the_past_perfect_does_not_move_the_scene(extract) -> None:
    facts = extract(article(
        "ROME, April 19 (Reuters) - Israeli Prime Minister Benjamin Netanyahu had flown to Washington to discuss "
        "tariffs. On Saturday, Iranian Foreign Minister Abbas Araghchi held talks with Italian Foreign Minister "
        "Antonio Tajani.", published="2025-04-19"))
    assert only_meeting(facts, "Abbas Araghchi", "Antonio Tajani").place == "Rome"


def test_who_took_part_in_a_virtual_summit_met_no_one(extract) -> None:
    facts = extract(article(
        "East African leaders held a virtual summit by video link on Wednesday, chaired by Kenyan President "
        "William Ruto. Also present online were Ugandan President Yoweri Museveni and Rwandan President Paul "
        "Kagame.", published="2025-01-30"))
    assert not facts.meetings


def test_calls_to_two_people_on_two_days_are_no_call_on_anyone(extract) -> None:
    facts = extract(article(
        "U.S. Secretary of State Marco Rubio called Rwandan President Paul Kagame on Sunday and Congolese "
        "President Felix Tshisekedi on Monday.", published="2025-01-28"))
    assert not facts.meetings


def test_a_planned_meeting_that_collapsed_is_no_meeting(extract) -> None:
    facts = extract(article(
        "A planned meeting of Congolese President Felix Tshisekedi and Rwandan President Paul Kagame in Luanda "
        "last month collapsed on the day it was due to take place.", published="2025-01-28"))
    assert not facts.meetings


def test_a_host_who_opened_the_meeting_and_those_in_the_hall_or_joining_later(extract) -> None:
    facts = extract(article(
        "Leaders of the two regional blocs held a joint summit in Lusaka on Saturday. President Hakainde "
        "Hichilema, flanked by Kenya's William Ruto and Zimbabwe's Emmerson Mnangagwa, opened the meeting "
        "shortly after 10am. Also in the hall were Uganda's Yoweri Museveni and Rwanda's Paul Kagame. "
        "Mozambique's Daniel Chapo joined them later in the morning. Burundi's Evariste Ndayishimiye joined "
        "them by video link. The Kenyan leader had called Congolese President Felix Tshisekedi on Thursday to "
        "urge him to attend.", published="2025-02-08"))
    summit = summit_of(facts)
    assert set(summit.participants) == {"Hakainde Hichilema", "William Ruto", "Emmerson Mnangagwa",
                                        "Yoweri Museveni", "Paul Kagame", "Daniel Chapo"}
    assert summit.date == PartialDate(2025, 2, 8)


def test_a_hotel_of_a_town_is_the_town(extract) -> None:
    facts = extract(article(
        "Kenyan President William Ruto met Rwandan President Paul Kagame at a Dar es Salaam hotel on "
        "Saturday.", published="2025-02-08"))
    (meeting,) = facts.meetings
    assert meeting.place == "Dar es Salaam"
    assert "Dar es Salaam" in {p.name for p in facts.places}
