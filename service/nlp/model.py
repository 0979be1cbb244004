"""Loading the spaCy pipeline, once per process."""
from functools import lru_cache

import spacy
from spacy.language import Language


class ModelNotAvailable(RuntimeError):
    """The configured spaCy model is not installed."""


@lru_cache(maxsize=4)
def load_pipeline(model_name: str) -> Language:
    """Load `model_name` with only the NER component running (and the shared
    embedding layer it listens to, in pipelines such as _trf): the tagger,
    parser and lemmatizer cost time and the service needs only entity spans."""
    try:
        nlp = spacy.load(model_name)
    except OSError as err:
        raise ModelNotAvailable(f"spaCy model {model_name!r} is not installed") from err
    if "ner" not in nlp.pipe_names:
        raise ModelNotAvailable(f"spaCy model {model_name!r} has no NER component")
    keep = ["ner"] + [
        name
        for name, component in nlp.pipeline
        if "ner" in getattr(component, "listening_components", [])
    ]
    nlp.select_pipes(enable=keep)
    return nlp
