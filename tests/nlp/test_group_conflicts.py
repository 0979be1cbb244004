"""Evidence of two people holds inside one article: mentions whose ranks
differ, or that a kinship cue sets apart, never share a group, however alike
their spellings."""
from service.nlp import extract_people, group_mentions
from tests.nlp.marked import grouped, groups_of, marked


def test_ranks_that_differ_keep_romanizations_apart(nlp):
    text = ("Maj. Gen. Youssef Qabbani was reported killed in Homs, though Capt. Yusuf Kabbani, "
            "a defector, denied it.")
    names = [[m.text for m in g.mentions] for g in group_mentions(extract_people(nlp, text), text)]
    assert names == [["Youssef Qabbani"], ["Yusuf Kabbani"]]


def test_short_forms_join_the_group_whose_rank_agrees():
    assert grouped("[Maj. Gen.|Youssef Qabbani] was reported killed in Homs, though "
                   "[Capt.|Yusuf Kabbani], a defector, denied it. [Gen.|Qabbani] had led the siege. "
                   "[Capt.|Kabbani] fled to Turkey in March.") == [
        ["Maj. Gen. Youssef Qabbani", "Gen. Qabbani"], ["Capt. Yusuf Kabbani", "Capt. Kabbani"]]


def test_one_spelling_with_two_ranks_is_two_people():
    assert grouped("[Col.|Ali Mansour] commands the garrison. [Lt.|Ali Mansour], no relation, "
                   "serves under him.") == [["Col. Ali Mansour"], ["Lt. Ali Mansour"]]


def test_ranks_that_agree_keep_one_person_together():
    # A lieutenant colonel is "Colonel" to most writers.
    assert grouped("[Lt. Col.|Samir Haddad] led the unit. [Col.|Samir Hadad] said it held.") == [
        ["Lt. Col. Samir Haddad", "Col. Samir Hadad"]]


def test_a_short_form_of_another_rank_is_another_person():
    assert grouped("[Maj.|Fadi Rahal] was wounded. [Sgt.|Rahal] carried him out.") == [
        ["Maj. Fadi Rahal"], ["Sgt. Rahal"]]


def test_short_forms_of_two_ranks_alone_are_two_people():
    assert grouped("[Col.|Darwish] gave the order. [Capt.|Darwish] refused it. "
                   "[Col.|Darwish] insisted.") == [["Col. Darwish", "Col. Darwish"], ["Capt. Darwish"]]


def test_the_son_of_a_namesake_is_another_person():
    source = ("[Ahmed Khalil], the son of [Ahmed Khalil], a former minister, was arrested. "
              "The elder [Khalil] was not charged. The younger [Khalil] was held in Tora.")
    _, text = marked(source)
    son, father = groups_of(source)
    assert [m.start for m in son.mentions] == [0, text.index("younger Khalil") + 8]
    assert [m.start for m in father.mentions] == [text.index("of Ahmed") + 3, text.index("elder Khalil") + 6]


def test_a_namesake_introduced_by_possessive_kinship_is_another_person():
    assert grouped("[Omar Farouk]'s son, [Umar Faruq], 31, was detained at the border. "
                   "[Omar Farouk] denied any link.") == [["Omar Farouk", "Omar Farouk"], ["Umar Faruq"]]


def test_his_son_with_the_same_name_is_another_person():
    assert grouped("[Sheikh|Hamid Nasser] arrived with his son [Hamid Nasser], 24. "
                   "[Hamid Nasser] spoke first.") == [
        ["Sheikh Hamid Nasser", "Hamid Nasser"], ["Hamid Nasser"]]


def test_his_son_in_the_next_sentence_is_another_person():
    assert grouped("[Hamid Nasser] was freed on Monday. His son [Hamid Nasser], 24, was not. "
                   "[Hamid Nasser] thanked the court.") == [
        ["Hamid Nasser", "Hamid Nasser"], ["Hamid Nasser"]]


def test_her_mother_with_the_same_name_is_another_person():
    assert grouped("[Rania Suleiman] came with her mother [Rania Sulaiman].") == [
        ["Rania Suleiman"], ["Rania Sulaiman"]]


def test_elder_and_younger_namesakes_are_two_people():
    assert grouped("The elder [Karim Saleh] built the company; the younger [Kareem Salih] sold it. "
                   "The younger [Saleh] kept the name.") == [
        ["Karim Saleh"], ["Kareem Salih", "Saleh"]]


def test_generations_keep_father_and_son_apart_and_guide_short_forms():
    assert grouped("[Robert Dunn Sr.] founded the firm in 1961 and [Robert Dunn Jr.] runs it. "
                   "The younger [Dunn] plans to sell. The elder [Dunn] objects.") == [
        ["Robert Dunn Sr.", "Dunn"], ["Robert Dunn Jr.", "Dunn"]]


def test_a_plain_full_name_joins_the_namesake_spelled_alike():
    assert grouped("[Youssef Qabbani] was reported killed. [Capt.|Yusuf Kabbani] denied it. "
                   "[Maj. Gen.|Youssef Qabbani] had led the siege.") == [
        ["Youssef Qabbani", "Maj. Gen. Youssef Qabbani"], ["Capt. Yusuf Kabbani"]]


def test_kinship_naming_someone_else_keeps_one_person_together():
    # The kinship word is about Hafez; Bashar, named again, is the man named first.
    assert grouped("[President|Bashar al-Assad] spoke on Sunday. He is [Hafez al-Assad]'s son, "
                   "[Bashar al-Assad], and has ruled since 2000.") == [
        ["President Bashar al-Assad", "Bashar al-Assad"], ["Hafez al-Assad"]]


def test_a_kinship_word_about_nobody_named_sets_no_side():
    # "a father of three" says nothing of the namesakes: Omar, "his son" in
    # the first sentence, is the same man in the second.
    assert grouped("[Karim Haddad] and his son [Omar Haddad] were arrested. [Omar Haddad], a father "
                   "of three, was released.") == [["Karim Haddad"], ["Omar Haddad", "Omar Haddad"]]
    # A title, not a kinship: the priest is on no side of a family.
    assert grouped("Mass was said by [Father|Youssef Haddad]. His nephew [Youssef Haddad] served. "
                   "[Youssef Haddad], the priest, then left.") == [
        ["Father Youssef Haddad", "Youssef Haddad"], ["Youssef Haddad"]]
