"""From text to the people of an article: extraction, then grouping."""
from spacy.language import Language

from service.nlp.extract import extract_people
from service.nlp.group import PersonGroup, group_mentions
from service.nlp.ner import find_entities_many


def read_people(nlp: Language, text: str) -> list[PersonGroup]:
    """One group per person named in the text."""
    return group_mentions(extract_people(nlp, text), text)


def read_people_many(nlp: Language, texts: list[str]) -> list[list[PersonGroup]]:
    """read_people for each text, the model run over all of them at once."""
    return [group_mentions(extract_people(nlp, text, entities), text)
            for text, entities in zip(texts, find_entities_many(nlp, texts))]
