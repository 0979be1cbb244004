"""One-word forms across articles: a surname or a given name alone, in an
article that never writes the full name, links to the known person when the
evidence points to one person, and stays someone new, for review, when it
does not. Through the API, on both backends."""
import pytest

from tests.resolve.test_resolution import one_id, post


@pytest.mark.parametrize("written", ["ALSHARQAWI", "Alsharqawi", "AlSharqawi", "Al Sharqawi", "Al-Sharqawi"])
def test_case_and_spacing_variants_of_a_short_form_are_the_form_writers_used(client, written):
    """Two Al-Sharqawis; writers called the president "Al-Sharqawi" before,
    however it is cased and spaced now."""
    president = one_id(post(client, "President Hamid Al-Sharqawi addressed the nation on Sunday evening. "
                                    "Al-Sharqawi promised elections."), "Hamid Al-Sharqawi")
    post(client, "Leila Al-Sharqawi, a novelist, won the prize in Cairo.")
    later = post(client, f"In Cairo on Monday, {written} told reporters that the elections would be held "
                         "in June.")
    assert one_id(later, written) == president

