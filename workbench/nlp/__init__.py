"""NLP for workbench: NER (spaCy where a pipeline exists, rules elsewhere) and entity resolution.

Nothing here imports spaCy or Textual at import time.
"""
