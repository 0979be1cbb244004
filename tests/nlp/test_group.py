"""In-article grouping of short forms with full names."""
from service.nlp import PersonGroup, extract_people, group_mentions


def groups(nlp, text) -> dict[str, PersonGroup]:
    return {g.name: g for g in group_mentions(extract_people(nlp, text), text)}


def test_short_forms_join_full_name(nlp):
    text = ("Seif al-Hourani, an activist, said the trip was long. "
            "That process took a week, al-Hourani said.\n"
            "U.N. envoy Lakhdar Brahimi arrived in Damascus. Brahimi met opposition figures.")
    g = groups(nlp, text)
    assert set(g["Seif al-Hourani"].spellings) == {"Seif al-Hourani", "al-Hourani"}
    assert set(g["Lakhdar Brahimi"].spellings) == {"Lakhdar Brahimi", "Brahimi"}
    assert len(g) == 2


def test_father_and_son_not_merged_and_cues_decide(nlp):
    text = ("Maj. Gen. Mohammed Ezz al-Din Khalouf announced his defection. "
            "It showed him next to his son, Capt. Ezz al-Din Khalouf, who defected with him.\n"
            "The elder Khalouf said many had lost faith. Khalouf was chief of logistics.")
    g = groups(nlp, text)
    father, son = g["Mohammed Ezz al-Din Khalouf"], g["Ezz al-Din Khalouf"]
    assert father is not son
    assert "son" in son.relations
    assert "Maj. Gen." in father.titles and "Capt." in son.titles
    assert len(son.mentions) == 1
    assert len(father.mentions) == 3  # the full name and both "Khalouf"


def test_rank_decides_between_namesakes(nlp):
    text = ("Gen. Karim Haddad and his son, Capt. Nabil Haddad, crossed the border. "
            "Capt. Haddad had planned the escape.")
    g = groups(nlp, text)
    son = g["Nabil Haddad"]
    assert [m.text for m in son.mentions] == ["Nabil Haddad", "Haddad"]


def test_prominent_full_name_wins_without_cues(nlp):
    text = ("Syrians step on a picture of Bashar al-Assad and his father Hafez al-Assad. "
            "Bashar al-Assad has ruled since 2000. Assad's forces advanced.")
    g = groups(nlp, text)
    assert "Assad" in g["Bashar al-Assad"].spellings
    assert "Assad" not in g["Hafez al-Assad"].spellings
    assert "father" in g["Hafez al-Assad"].relations


def test_lone_short_form_is_its_own_group(nlp):
    text = "Biden weighs in on the lockout of firefighters."
    (g,) = group_mentions(extract_people(nlp, text), text)
    assert g.name == "Biden" and g.spellings == ("Biden",)


def test_group_carries_context_and_every_mention(nlp):
    text = "Riyad Hijab defected in August. Riyad Hijab later fled to Jordan."
    (g,) = group_mentions(extract_people(nlp, text), text)
    assert len(g.mentions) == 2 and g.context and "defected" in g.context[0]


def test_a_fathers_name_in_a_patronym_is_not_the_son(nlp):
    text = ("Emir Tamim bin Hamad Al Thani thanked his father on Tuesday. "
            "Sheikh Hamad had ruled for eighteen years before he stepped aside.")
    g = groups(nlp, text)
    assert [m.text for m in g["Tamim bin Hamad Al Thani"].mentions] == ["Tamim bin Hamad Al Thani"]
    assert "Hamad" in g


def test_junior_relative_in_an_appositive_is_not_the_bare_family_name(nlp):
    text = ("Benazir Bhutto was buried on Friday. The party named Bilawal Bhutto Zardari, "
            "her son, as chairman. Asif Ali Zardari, her widower, will run the party. "
            "Zardari rejected calls for a local inquiry.")
    g = groups(nlp, text)
    assert "son" in g["Bilawal Bhutto Zardari"].relations
    assert "Zardari" in g["Asif Ali Zardari"].spellings
    assert "Zardari" not in g["Bilawal Bhutto Zardari"].spellings


def test_someone_called_by_given_name_is_not_the_bare_family_name(nlp):
    text = ("Hafez al-Assad was buried on Tuesday as his son Bashar al-Assad took command. "
            "Bashar was recalled from London in 1994. Assad ruled Syria for thirty years. "
            "Bashar will have to prove himself to the old guard.")
    g = groups(nlp, text)
    assert "Assad" in g["Hafez al-Assad"].spellings
    assert "Assad" not in g["Bashar al-Assad"].spellings


def test_compound_given_name_shortened_to_its_head(nlp):
    text = ("Seif al-Islam Kadhafi was captured in the desert on Saturday. "
            "Fighters said Seif had tried to flee to Niger.")
    g = groups(nlp, text)
    assert set(g["Seif al-Islam Kadhafi"].spellings) == {"Seif al-Islam Kadhafi", "Seif"}


def test_quoted_nickname_joins_the_full_name(nlp):
    text = ('Margaret "Peggy" Sullivan, 88, of Lakeview, died on Sunday. '
            "Peggy was born in Dorchester in 1931 and taught school for 31 years.")
    g = groups(nlp, text)
    assert set(g['Margaret "Peggy" Sullivan'].spellings) == {'Margaret "Peggy" Sullivan', "Peggy"}
