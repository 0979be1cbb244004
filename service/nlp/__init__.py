"""Person-mention extraction and in-article grouping.

Public interface used by the rest of the service:
    load_pipeline(model_name) -> Language    spaCy, NER only, loaded once
    read_people(nlp, text) -> list[PersonGroup]   one group per person
    read_people_many(nlp, texts)             the same for many texts, batched
    read_people_each(nlp, texts)             the same, a text over the name cap its own error
    extract_people(nlp, text) -> list[PersonMention]
    group_mentions(mentions, text) -> list[PersonGroup]
"""
from service.nlp.extract import PersonMention, extract_people
from service.nlp.group import PersonGroup, group_mentions
from service.nlp.model import load_pipeline
from service.nlp.people import read_people, read_people_each, read_people_many

__all__ = ["PersonGroup", "PersonMention", "extract_people", "group_mentions", "load_pipeline",
           "read_people", "read_people_each", "read_people_many"]
