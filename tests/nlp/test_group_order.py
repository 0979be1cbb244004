"""Grouping does not depend on where a form stands: a short form in a
headline, a dateline, a lead or a caption, before the full name, joins the
full name as it would after it."""
from tests.nlp.marked import grouped


def test_a_headline_short_form_joins_the_full_name_below():
    assert grouped("[Chancellor|Scholz] Visits Kyiv\n\nKYIV — [Olaf Scholz] arrived by night train "
                   "on Monday. [Scholz] met [President|Volodymyr Zelensky].") == [
        ["Chancellor Scholz", "Olaf Scholz", "Scholz"], ["President Volodymyr Zelensky"]]


def test_a_headline_family_name_joins_the_full_name_with_its_initial():
    assert grouped("[Blinken] to Meet Saudi Foreign Minister\n\nWASHINGTON — [Secretary of State|"
                   "Antony J. Blinken] will travel to Riyadh on Tuesday.") == [
        ["Blinken", "Secretary of State Antony J. Blinken"]]


def test_an_upper_case_dateline_short_form_joins_the_full_name():
    assert grouped("[ERDOGAN] VOWS TO STAY ON\n\nANKARA, May 29 (Reuters) — [President|Recep Tayyip "
                   "Erdogan] claimed victory on Sunday.") == [
        ["ERDOGAN", "President Recep Tayyip Erdogan"]]


def test_a_caption_in_another_romanization_joins_the_full_name():
    assert grouped("[Zelenskyy] in Kyiv on Monday. Photo: Reuters\n\n[President|Volodymyr Zelensky] "
                   "said the front held.") == [["Zelenskyy", "President Volodymyr Zelensky"]]


def test_a_headline_possessive_joins_through_a_later_short_form():
    # "Zelenskyy's" is too far from "Volodymyr Zelensky" for the name engine,
    # close enough to "Zelenskyy", which the article also uses.
    assert grouped("[Zelenskyy's] Plea to Congress\n\nWASHINGTON — [President|Volodymyr Zelensky] "
                   "addressed lawmakers. [Zelenskyy] asked for air defences.") == [
        ["Zelenskyy's", "President Volodymyr Zelensky", "Zelenskyy"]]


def test_a_headline_family_name_goes_to_the_relative_named_as_nobodys_relative():
    assert grouped("[Assad] Vows to Retake Aleppo\n\nDAMASCUS — [President|Bashar al-Assad], whose "
                   "father [Hafez al-Assad] ruled for 30 years, spoke on Sunday.") == [
        ["Assad", "President Bashar al-Assad"], ["Hafez al-Assad"]]


def test_a_headline_rank_picks_the_namesake_of_that_rank():
    assert grouped("[Gen.|Qabbani] Reported Killed in Homs\n\n[Capt.|Yusuf Kabbani] denied reports "
                   "that [Maj. Gen.|Youssef Qabbani] had died.") == [
        ["Gen. Qabbani", "Maj. Gen. Youssef Qabbani"], ["Capt. Yusuf Kabbani"]]


def test_a_short_form_before_and_after_gives_one_group_either_way():
    before = grouped("[Kabbani]'s unit held the bridge. [Youssef Qabbani] had trained it.")
    after = grouped("[Youssef Qabbani] had trained the unit. [Kabbani]'s unit held the bridge.")
    assert before == [["Kabbani", "Youssef Qabbani"]] and after == [["Youssef Qabbani", "Kabbani"]]


def test_a_bare_family_name_is_not_made_the_son_s_by_his_given_name_before_it():
    # The article calls the son by his given name: "Zardari" on that line is
    # the father, however often the son's given name came first.
    assert grouped("[Bilawal], 19, named party chairman; [Zardari] to run party\n\nThe party named "
                   "her son, [Bilawal Bhutto Zardari], as its chairman. Her widower, [Asif Ali Zardari], "
                   "will run it until [Bilawal] completes his studies.") == [
        ["Bilawal", "Bilawal Bhutto Zardari", "Bilawal"], ["Zardari", "Asif Ali Zardari"]]


def test_a_family_name_with_its_suffix_is_the_son_s_short_form():
    """"Trump Jr." is a short form (a family name and a suffix), and it is the
    person whose full name carries the suffix, not the father."""
    assert grouped("Former President [Donald J. Trump] and his son [Donald Trump Jr.] appeared in court. "
                   "[Trump Jr.] testified first; the elder [Trump] followed.") == [
        ["Donald J. Trump", "Trump"], ["Donald Trump Jr.", "Trump Jr."]]
    # A suffix on one full name only still joins them, as the name engine does.
    assert grouped("[Joe Manchin III] spoke. [Joe Manchin] said so. [Manchin] left.") == [
        ["Joe Manchin III", "Joe Manchin", "Manchin"]]
