"""Placeholder while the component is written."""
from spacy.language import Language


@Language.factory("extractor_gazetteer")
def make_gazetteer(nlp, name):
    return lambda doc: doc
