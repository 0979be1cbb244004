"""An alias the article gives ("X, also known as Y") is the same person as the
name it follows, however unlike the two names are."""
from tests.nlp.marked import grouped, groups_of


def test_a_real_name_joins_the_nom_de_guerre():
    source = ("[Abu Mohammed al-Jolani], whose real name is [Ahmed Hussein al-Sharaa], leads the group. "
              "[Jolani] spoke on Sunday.")
    assert grouped(source) == [["Abu Mohammed al-Jolani", "Ahmed Hussein al-Sharaa", "Jolani"]]
    (group,) = groups_of(source)
    assert group.name == "Abu Mohammed al-Jolani"  # the alias is not the name


def test_a_nickname_after_better_known_as_joins():
    assert grouped("[Ali Hassan al-Majid], better known as [Chemical Ali], was hanged in 2010.") == [
        ["Ali Hassan al-Majid", "Chemical Ali"]]


def test_every_alias_of_a_list_joins_through_a_short_form():
    assert grouped("[Ibrahim Khalil] was designated on Monday. [Khalil] is also known as "
                   "[Abu Omar], [Hajji Karim] and [Abu Khalil al-Iraqi]. [Ibrahim Salim] was not.") == [
        ["Ibrahim Khalil", "Khalil", "Abu Omar", "Hajji Karim", "Abu Khalil al-Iraqi"], ["Ibrahim Salim"]]


def test_aka_in_parentheses_joins():
    assert grouped("[Joaquín Guzmán Loera] (a.k.a. [El Chapo]) was extradited.") == [
        ["Joaquín Guzmán Loera", "El Chapo"]]


def test_known_as_after_something_else_than_a_person_joins_nothing():
    assert grouped("[Mohammed Saleh] said the militia, known as [Abu Fadl al-Abbas], had left.") == [
        ["Mohammed Saleh"], ["Abu Fadl al-Abbas"]]


def test_a_compound_adjective_is_no_cue():
    assert grouped("[Ahmed Khalil], a Syrian-born [Mohammed Saleh] associate, spoke.") == [
        ["Ahmed Khalil"], ["Mohammed Saleh"]]


def test_an_alias_of_another_rank_stays_apart():
    # The article's evidence of two people outweighs the cue.
    assert grouped("[Col.|Ahmed Nouri], also known as [Maj.|Abu Bakr], commands the brigade.") == [
        ["Col. Ahmed Nouri"], ["Maj. Abu Bakr"]]


def test_a_designation_with_aliases_after_a_short_form():
    source = ("The Department of State designated [Amir Muhammad Sa’id Abdal-Rahman al-Mawla], the new "
              "leader of ISIS. [Al-Mawla] is also known as [Hajji Abdallah], ‘[Abdul Amir Muhammad Sa’id "
              "Salbi], and [Abu-‘Umar al-Turkmani].")
    (group,) = groups_of(source)
    assert group.name == "Amir Muhammad Sa’id Abdal-Rahman al-Mawla"
    assert len(group.mentions) == 5
