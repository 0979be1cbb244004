"""Person-mention extraction and in-article grouping.

Public interface used by the rest of the service:
    load_pipeline(model_name) -> Language    spaCy, NER only, loaded once
    extract_people(nlp, text) -> list[PersonMention]
    group_mentions(mentions, text) -> list[PersonGroup]   one group per person
"""
from service.nlp.extract import PersonMention, extract_people
from service.nlp.group import PersonGroup, group_mentions
from service.nlp.model import load_pipeline

__all__ = ["PersonGroup", "PersonMention", "extract_people", "group_mentions", "load_pipeline"]
