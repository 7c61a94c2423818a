"""Which sentences put which topics on which meeting's agenda.

Short articles written for these tests (own words, invented events between real office holders),
each stating one phenomenon; run through the real spaCy model and extractor.
"""
from __future__ import annotations

from test_extract import article, only_meeting


def test_a_topic_goes_to_the_meeting_whose_talks_govern_it(extract) -> None:
    facts = extract(article(
        "Indonesian President Joko Widodo opened the summit in Jakarta on Tuesday. Officials said Kamala Harris "
        "would be greeted at the airport by Foreign Minister Retno Marsudi, and that she is expected to hold "
        "talks with Widodo on Wednesday on trade and fisheries."))
    assert "trade-investment" in only_meeting(facts, "Kamala Harris", "Joko Widodo").topics
    assert not only_meeting(facts, "Kamala Harris", "Retno Marsudi").topics


def test_a_participant_speaking_after_the_talks_reports_them(extract) -> None:
    facts = extract(article(
        "Chinese President Xi Jinping held talks with Vietnamese Prime Minister Pham Minh Chinh in Hanoi on "
        "Tuesday. Chinh said Vietnam hopes to build a new railway to the Chinese border and to expand "
        "electricity supply through power grid links."))
    assert {"transport", "energy"} <= only_meeting(facts, "Xi Jinping", "Pham Minh Chinh").topics


def test_a_participant_before_a_planned_meeting_sets_no_agenda(extract) -> None:
    facts = extract(article(
        "North Korean leader Kim Jong Un will hold talks with Russian President Vladimir Putin next week. "
        "Kim has sought economic sanctions relief from his neighbours for months."))
    assert "sanctions" not in only_meeting(facts, "Kim Jong Un", "Vladimir Putin").topics


def test_the_two_participants_as_subjects_name_their_meeting(extract) -> None:
    facts = extract(article(
        "Iranian Foreign Minister Abbas Araghchi held talks in Muscat on Monday with Omani Foreign Minister "
        "Badr Albusaidi. Oman has long carried messages between Tehran and Washington. State media said "
        "Araghchi and Albusaidi discussed a ceasefire in Gaza.", published="2024-10-14"))
    assert "armed-conflict" in only_meeting(facts, "Abbas Araghchi", "Badr Albusaidi").topics


def test_unnamed_officials_meeting_is_not_the_leaders_agenda(extract) -> None:
    facts = extract(article(
        "Japanese Prime Minister Fumio Kishida held talks with South Korean President Yoon Suk Yeol in Seoul "
        "on Sunday. Officials from the two trade ministries met in Tokyo last month to discuss export "
        "controls.", published="2023-05-08"))
    assert "sanctions" not in only_meeting(facts, "Fumio Kishida", "Yoon Suk Yeol").topics


def test_a_phone_call_after_a_meeting_is_not_its_agenda(extract) -> None:
    facts = extract(article(
        "South Korean Foreign Minister Cho Tae-yul met Czech Foreign Minister Jan Lipavsky in New York on "
        "Monday. Cho spoke by phone with Antony Blinken earlier this month to discuss ballistic missile "
        "launches.", published="2024-09-24"))
    assert "missile-program" not in only_meeting(facts, "Cho Tae-yul", "Jan Lipavsky").topics


def test_an_account_of_the_talks_goes_on_past_the_segment(extract) -> None:
    facts = extract(article(
        "Chinese President Xi Jinping arrived in Hanoi on Tuesday and was greeted at the airport by Foreign "
        "Minister Bui Thanh Son. Xi then held talks with Nguyen Phu Trong. Xi praised the friendship of the "
        "two parties. Trong welcomed the visit. Xi said the two countries were good neighbours. During the "
        "talks, the two sides agreed to deepen defence cooperation. They also agreed to build railway links "
        "across the border."))
    talks = only_meeting(facts, "Xi Jinping", "Nguyen Phu Trong")
    assert {"military-cooperation", "transport"} <= talks.topics
    assert "transport" not in only_meeting(facts, "Xi Jinping", "Bui Thanh Son").topics


def test_a_border_town_is_no_border_dispute(extract) -> None:
    facts = extract(article(
        "North Korean leader Kim Jong Un held talks with Russian Minister Alexander Kozlov on Monday on "
        "trade in the border region of Primorye."))
    assert "territorial-dispute" not in only_meeting(facts, "Kim Jong Un", "Alexander Kozlov").topics


def test_the_discussion_focused_on_after_a_meeting(extract) -> None:
    facts = extract(article(
        "Later on Thursday, Russian President Vladimir Putin had a separate conversation with Chinese Premier "
        "Li Qiang at the Great Hall of the People. The discussion focused on investment and on payments made "
        "harder by Western sanctions. They also exchanged views on security in the Asia-Pacific region.",
        published="2024-05-17"))
    (meeting,) = facts.meetings
    assert {"trade-investment", "sanctions", "regional-security"} <= meeting.topics
