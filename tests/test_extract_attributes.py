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


# --- phenomena from the held-out set (corpus/test), in our own words -----------------------------


def test_a_date_with_a_part_of_the_day_dates_the_meeting(extract) -> None:
    facts = extract(article(
        "On Thursday morning, Prime Minister Fumio Kishida met with President Yoon Suk Yeol.",
        published="2023-05-11"))
    assert only_meeting(facts, "Fumio Kishida", "Yoon Suk Yeol").date == PartialDate(2023, 5, 11)


def test_a_meeting_told_of_again_is_no_new_meeting(extract) -> None:
    facts = extract(article(
        "President Lula held talks with President Gustavo Petro in Bogota on Monday. After the talks, Lula "
        "and his wife Janja Lula da Silva hosted a dinner for Petro.", published="2024-04-17"))
    with_wife = meetings_of(facts, "Janja Lula da Silva")
    assert with_wife and all("Gustavo Petro" in m.participants for m in with_wife)


def test_the_guests_of_a_dinner_a_host_holds_are_participants(extract) -> None:
    facts = extract(article(
        "Japanese Prime Minister Shigeru Ishiba and his wife Yoshiko Ishiba hosted a dinner for Indonesian "
        "President Prabowo Subianto in Tokyo on Saturday.", published="2025-03-10"))
    dinner = only_meeting(facts, "Shigeru Ishiba", "Prabowo Subianto")
    assert "Yoshiko Ishiba" in dinner.participants


def test_also_met_keeps_the_day_of_the_meeting_before(extract) -> None:
    facts = extract(article(
        "Chinese Premier Li Qiang arrived in Canberra on Sunday. On Monday, Li held talks with Prime Minister "
        "Anthony Albanese at Parliament House. Li praised the recovery of trade and called for more "
        "investment. He said both sides should respect each other. He also met with Governor-General Sam "
        "Mostyn.", published="2024-06-18"))
    assert only_meeting(facts, "Li Qiang", "Sam Mostyn").date == PartialDate(2024, 6, 17)


def test_a_month_and_day_take_the_year_the_sentence_names(extract) -> None:
    facts = extract(article(
        "Vietnamese President Vo Van Thuong toured France from Oct. 6 to Oct. 8 last year, and President "
        "Emmanuel Macron held talks with him at the Elysee Palace on Oct. 7.", published="2025-02-03"))
    assert only_meeting(facts, "Vo Van Thuong", "Emmanuel Macron").date == PartialDate(2024, 10, 7)


def test_a_possessive_pronoun_is_the_subject_itself(extract) -> None:
    facts = extract(article(
        "Foreign Minister Penny Wong arrived in Suva on Monday. In the afternoon, Wong held her first talks "
        "with Fijian Prime Minister Sitiveni Rabuka, who took office earlier this year.",
        published="2024-02-13"))
    talks = only_meeting(facts, "Penny Wong", "Sitiveni Rabuka")
    assert talks.participants == ("Penny Wong", "Sitiveni Rabuka")
    assert talks.date != PartialDate(2024)


def test_their_summit_belongs_to_the_pair_named_before(extract) -> None:
    facts = extract(article(
        "Indian Prime Minister Narendra Modi and Chinese President Xi Jinping agreed on border patrols that "
        "ease the standoff at their summit in Kazan in October.", published="2025-01-20"))
    summit = only_meeting(facts, "Narendra Modi", "Xi Jinping")
    assert summit.place == "Kazan" and summit.date == PartialDate(2024, 10)


def test_in_may_is_a_month(extract) -> None:
    facts = extract(article(
        "It was their first meeting since Penny Wong held talks with Foreign Minister Wang Yi in Beijing in May.",
        published="2024-09-24"))
    assert only_meeting(facts, "Penny Wong", "Wang Yi").date == PartialDate(2024, 5)


def test_a_courtesy_call_on_someone_is_a_meeting(extract) -> None:
    facts = extract(article(
        "Later in the day, Foreign Minister Penny Wong paid a courtesy call on Secretary-General Antonio "
        "Guterres at the organisation's headquarters in New York, where they discussed the war in Sudan.",
        published="2024-09-24"))
    call = only_meeting(facts, "Penny Wong", "Antonio Guterres")
    assert call.place == "New York"


def test_a_meeting_chaired_by_someone_includes_the_chair(extract) -> None:
    facts = extract(article(
        "On Wednesday, Foreign Minister Penny Wong will attend a meeting of Group of 20 foreign ministers at "
        "the United Nations, chaired by Brazilian Foreign Minister Mauro Vieira.", published="2024-09-23"))
    assert meetings_of(facts, "Penny Wong", "Mauro Vieira")


def test_a_past_visit_does_not_move_the_scene(extract) -> None:
    facts = extract(article(
        "NEW YORK - Foreign Minister Cho Tae-yul met with Czech Foreign Minister Jan Lipavsky on Monday to "
        "discuss a follow-up to last week's state visit by President Yoon Suk Yeol to Prague.",
        published="2024-09-24"))
    assert only_meeting(facts, "Cho Tae-yul", "Jan Lipavsky").place == "New York"


def test_a_conversation_on_the_sidelines_is_a_meeting(extract) -> None:
    facts = extract(article(
        "Japanese Prime Minister Shigeru Ishiba and Chinese President Xi Jinping had a brief conversation on "
        "the sidelines of the summit in Lima on Friday.", published="2024-11-16"))
    assert only_meeting(facts, "Shigeru Ishiba", "Xi Jinping").date == PartialDate(2024, 11, 15)


def test_a_phone_conversation_is_not(extract) -> None:
    facts = extract(article(
        "Japanese Prime Minister Shigeru Ishiba and Chinese President Xi Jinping had a telephone conversation "
        "on Friday.", published="2024-11-16"))
    assert not facts.meetings


def test_they_shook_hands(extract) -> None:
    facts = extract(article(
        "Indian Prime Minister Narendra Modi and Chinese President Xi Jinping spoke briefly on Wednesday. "
        "It was their first encounter since they shook hands at a dinner in Bali in November 2022.",
        published="2023-08-25"))
    dates = {m.date for m in meetings_of(facts, "Narendra Modi", "Xi Jinping")}
    assert PartialDate(2022, 11) in dates


def test_seeing_someone_in_person(extract) -> None:
    facts = extract(article(
        "Chinese President Xi Jinping flew to Johannesburg on Monday. He last saw Russian President Vladimir "
        "Putin in person in March, when he spent three days in Moscow.", published="2023-08-22"))
    assert only_meeting(facts, "Xi Jinping", "Vladimir Putin").date == PartialDate(2023, 3)


def test_talks_on_a_topic_with_someone(extract) -> None:
    facts = extract(article(
        "Brazilian President Luiz Inácio Lula da Silva will fly to Luanda on Friday, where he will hold talks "
        "on trade and investment with Angolan President João Lourenço.", published="2023-08-24"))
    talks = only_meeting(facts, "Luiz Inácio Lula da Silva", "João Lourenço")
    assert talks.place == "Luanda" and talks.status == Status.PLANNED


def test_a_paragraph_after_a_subheading_keeps_its_subject(extract) -> None:
    facts = extract(article(
        "Leaders gather in Astana\n\nFirst stop\n\nAliyev arrived on Thursday evening and was met at the "
        "airport by Kazakh Prime Minister Olzhas Bektenov. Azerbaijani President Ilham Aliyev later toured "
        "the city.", published="2024-08-09"))
    assert meetings_of(facts, "Ilham Aliyev", "Olzhas Bektenov")


def test_the_leader_of_a_country_named_by_its_adjective(extract) -> None:
    facts = extract(article(
        "Azerbaijan's President Ilham Aliyev flew to Tashkent on Thursday. On Friday, Uzbek President "
        "Shavkat Mirziyoyev received the Azerbaijani leader at his residence for talks on transport.",
        published="2024-08-10"))
    assert meetings_of(facts, "Shavkat Mirziyoyev", "Ilham Aliyev")


def test_talks_hosted_by_a_third_person(extract) -> None:
    facts = extract(article(
        "Azerbaijani Foreign Minister Jeyhun Bayramov and Armenian Foreign Minister Ararat Mirzoyan held two "
        "days of talks in Almaty in May, hosted by Kazakh Foreign Minister Murat Nurtleu.",
        published="2024-08-09"))
    talks = only_meeting(facts, "Jeyhun Bayramov", "Ararat Mirzoyan")
    assert "Murat Nurtleu" in talks.participants and talks.place == "Almaty"


def test_a_meeting_on_the_sidelines_takes_the_summits_day_and_place(extract) -> None:
    facts = extract(article(
        "Central Asian presidents held their annual summit in Astana on Friday. Kazakh President Kassym-Jomart "
        "Tokayev opened the summit. On the sidelines of the summit, Uzbek President Shavkat Mirziyoyev held "
        "talks with Kyrgyz President Sadyr Japarov at a hotel.", published="2024-08-10"))
    talks = only_meeting(facts, "Shavkat Mirziyoyev", "Sadyr Japarov")
    assert talks.date == PartialDate(2024, 8, 9) and talks.place == "Astana"


def test_an_initialism_is_no_short_form_of_a_name(extract) -> None:
    facts = extract(article(
        "North Korean leader Kim Jong-un tested a missile. Later, South Korean Foreign Minister Cho Tae-yul "
        "met U.N. Secretary-General Antonio Guterres at U.N. headquarters in New York.",
        published="2024-09-24"))
    assert only_meeting(facts, "Cho Tae-yul", "Antonio Guterres").participants == ("Antonio Guterres", "Cho Tae-yul")


def test_a_date_of_the_visit_dates_the_hosting(extract) -> None:
    facts = extract(article(
        "Kazakh President Kassym-Jomart Tokayev hosted Chinese President Xi Jinping for a state visit in July.",
        published="2024-08-09"))
    assert only_meeting(facts, "Kassym-Jomart Tokayev", "Xi Jinping").date == PartialDate(2024, 7)


def test_talks_held_on_a_day_with_someone(extract) -> None:
    facts = extract(article(
        "Iranian Foreign Minister Abbas Araghchi held talks in Muscat on Monday with his Omani counterpart "
        "Badr Albusaidi.", published="2024-10-14"))
    assert only_meeting(facts, "Abbas Araghchi", "Badr Albusaidi").place == "Muscat"


def test_the_city_someone_is_in_sets_the_scene(extract) -> None:
    facts = extract(article(
        "DUBAI - Iranian Foreign Minister Abbas Araghchi toured the region this week. A day later he was in "
        "Doha, where he held talks with Qatari Prime Minister Mohammed bin Abdulrahman Al Thani.",
        published="2024-10-14"))
    assert only_meeting(facts, "Abbas Araghchi", "Mohammed bin Abdulrahman Al Thani").place == "Doha"


def test_the_two_leaders_are_the_pair_of_the_last_meeting(extract) -> None:
    facts = extract(article(
        "UAE President Mohamed bin Zayed received Russian President Vladimir Putin in Abu Dhabi on Wednesday. "
        "Putin's plane was escorted by jets. At the palace he was welcomed with a ceremony. The two leaders "
        "then held talks on trade and energy.", published="2023-12-06"))
    (talks,) = meetings_of(facts, "Mohamed bin Zayed", "Vladimir Putin")
    assert {"trade-investment", "energy"} <= talks.topics


def test_those_who_attended_the_talks_join_them(extract) -> None:
    facts = extract(article(
        "UAE President Mohamed bin Zayed received Russian President Vladimir Putin in Abu Dhabi on Wednesday. "
        "The talks were attended by Sheikh Tahnoun bin Zayed, National Security Adviser; Sheikh Abdullah bin "
        "Zayed, Minister of Foreign Affairs; and a number of officials.", published="2023-12-06"))
    (talks,) = meetings_of(facts, "Vladimir Putin")
    assert {"Tahnoun bin Zayed", "Abdullah bin Zayed"} <= set(talks.participants)


def test_a_bare_year_gives_no_year_to_a_day(extract) -> None:
    facts = extract(article(
        "Polish Prime Minister Donald Tusk will meet Hungarian Prime Minister Viktor Orban in Brussels on "
        "1 February to discuss aid for 2024-2027.", published="2024-01-22"))
    assert only_meeting(facts, "Donald Tusk", "Viktor Orban").date == PartialDate(2024, 2, 1)


def test_received_by_the_emir_comma_name(extract) -> None:
    facts = extract(article(
        "Iranian Foreign Minister Abbas Araghchi flew to Doha, where he was received by the emir, Sheikh Tamim "
        "bin Hamad Al Thani, and held talks on Gaza.", published="2024-10-14"))
    assert meetings_of(facts, "Abbas Araghchi", "Tamim bin Hamad Al Thani")


def test_a_summits_host_and_guests_and_the_guest_of_honour(extract) -> None:
    facts = extract(article(
        "ASTANA - The presidents of the Central Asian states met in the Kazakh capital on Friday for their "
        "annual Consultative Meeting, joined by Azerbaijani President Ilham Aliyev as guest of honour. Kazakh "
        "President Kassym-Jomart Tokayev hosted Uzbek President Shavkat Mirziyoyev, Kyrgyz President Sadyr "
        "Japarov and Tajik President Emomali Rahmon at the Palace of Independence.", published="2024-08-09"))
    (summit,) = [m for m in facts.meetings if len(m.participants) > 2]
    assert set(summit.participants) == {"Ilham Aliyev", "Kassym-Jomart Tokayev", "Shavkat Mirziyoyev",
                                        "Sadyr Japarov", "Emomali Rahmon"}


def test_leaders_who_joined_at_the_venue(extract) -> None:
    facts = extract(article(
        "Pacific leaders opened their annual forum in Nuku'alofa on Monday. The forum's sessions are held at "
        "the Fa'onelua Convention Centre, where Fijian Prime Minister Sitiveni Rabuka and New Zealand Prime "
        "Minister Christopher Luxon have joined Tongan Prime Minister Siaosi Sovaleni.", published="2024-08-28"))
    assert any({"Sitiveni Rabuka", "Christopher Luxon", "Siaosi Sovaleni"} <= set(m.participants)
               for m in facts.meetings)


def test_an_event_of_its_own_keeps_its_speakers(extract) -> None:
    facts = extract(article(
        "West African leaders held a summit in Abuja on Sunday, hosted by Nigerian President Bola Tinubu and "
        "attended by Ghanaian President Nana Akufo-Addo. On Saturday, Mali's Assimi Goita and Burkina Faso's "
        "Ibrahim Traore held their first joint summit in Niamey. Niger's Abdourahamane Tiani told the "
        "gathering that the split was final.", published="2024-07-07"))
    niamey = [m for m in facts.meetings if m.place == "Niamey"]
    assert niamey and "Abdourahamane Tiani" in niamey[0].participants
    assert not any("Abdourahamane Tiani" in m.participants for m in facts.meetings if m.place == "Abuja")


def test_welcoming_a_call_is_no_meeting(extract) -> None:
    facts = extract(article(
        "Hungarian Prime Minister Viktor Orban welcomed the Trump-Putin call on social media on Wednesday.",
        published="2025-02-13"))
    assert not facts.meetings


def test_talks_at_the_same_venue(extract) -> None:
    facts = extract(article(
        "BEIJING - Prime Minister Shehbaz Sharif called on President Xi Jinping at the Great Hall of the People "
        "on Friday. The meeting came hours after Sharif held talks with Chinese Premier Li Qiang at the same "
        "venue.", published="2024-06-08"))
    assert only_meeting(facts, "Shehbaz Sharif", "Li Qiang").place == "Great Hall of the People"


def test_a_dateline_on_a_line_of_its_own(extract) -> None:
    facts = extract(article(
        "By Aggrey Omondi\nForeign Affairs Editor\n\nDAR ES SALAAM\n\nLeaders from eastern and southern Africa "
        "met on Saturday. On the margins of the summit, South African President Cyril Ramaphosa held talks "
        "with Rwandan President Paul Kagame.", published="2025-02-09"))
    talks = only_meeting(facts, "Cyril Ramaphosa", "Paul Kagame")
    assert talks.place == "Dar es Salaam" and talks.date == PartialDate(2025, 2, 8)


def test_a_forum_where_he_will_meet_someone_is_where_he_travels(extract) -> None:
    facts = extract(article(
        "Colombian President Gustavo Petro will travel to Beijing next month for the China-CELAC Forum, where "
        "he is expected to meet Chinese President Xi Jinping.", published="2025-04-10"))
    assert only_meeting(facts, "Gustavo Petro", "Xi Jinping").place == "Beijing"


def test_him_is_not_the_subject_of_expected_to_meet(extract) -> None:
    facts = extract(article(
        "Angolan President Joao Lourenco takes over the African Union chair at the summit in Addis Ababa next "
        "weekend. Kenyan President William Ruto is expected to meet him there.", published="2025-02-09"))
    assert meetings_of(facts, "William Ruto", "Joao Lourenco")


def test_he_in_a_when_clause_on_someones_visit(extract) -> None:
    facts = extract(article(
        "Chinese Premier Li Qiang met Australian Prime Minister Anthony Albanese in Canberra on Monday. The "
        "meeting followed Albanese's visit to China in November last year, when he met Chinese President "
        "Xi Jinping in Beijing.", published="2024-06-17"))
    assert meetings_of(facts, "Anthony Albanese", "Xi Jinping")
    assert not meetings_of(facts, "Li Qiang", "Xi Jinping")


def test_their_previous_encounter(extract) -> None:
    facts = extract(article(
        "U.S. President Donald Trump met Ukrainian President Volodymyr Zelensky in The Hague on Tuesday. The "
        "two leaders last met on April 26 in Rome. Their previous encounter, in the Oval Office on "
        "February 28, ended in a shouting match.", published="2025-06-25"))
    dates = {m.date for m in meetings_of(facts, "Donald Trump", "Volodymyr Zelensky")}
    assert PartialDate(2025, 2, 28) in dates


def test_the_countrys_capital_is_its_capital_city(extract) -> None:
    facts = extract(article(
        "Pakistani Prime Minister Shehbaz Sharif flew to Xi'an on Wednesday before reaching the Chinese capital "
        "on Thursday. On Friday he met Chinese Premier Li Qiang. Beijing and Islamabad signed 23 agreements.",
        published="2024-06-08"))
    assert only_meeting(facts, "Shehbaz Sharif", "Li Qiang").place == "Beijing"
