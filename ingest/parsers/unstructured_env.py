"""Make ``unstructured`` safe to use offline and faithful to Korean outline marks.

Three known traps (checked against unstructured 0.27.35):

1. It reports usage over the network unless ``DO_NOT_TRACK`` is set *before* it is imported, and
   prints an advertising notice unless ``UNSTRUCTURED_DISABLE_NOTICE`` is set.
2. Its element classifiers call ``unstructured.nlp.tokenize._get_nlp()``, which downloads the
   ``en_core_web_sm`` spaCy model on first use. We replace the loader it calls,
   ``_load_spacy_model``, with a blank multi-language pipeline plus a sentencizer: no download, and
   the classifiers only need sentence boundaries and tokens.
3. Its partitioners strip list bullets with ``clean_bullets``, and ``○``/``-`` count as bullets, so
   ``○ 지원 대상`` would become ``지원 대상``. Korean public documents use ``□ ○ - ※`` as outline
   marks that carry meaning, so every partitioner module we use gets a ``clean_bullets`` that keeps
   the text as written.
"""

from __future__ import annotations

import os
import threading
from typing import Any

_lock = threading.Lock()
_ready = False
# Modules that bind ``clean_bullets`` at import time (``from ... import clean_bullets``).
_BULLET_CLEANING_MODULES = (
    "unstructured.partition.docx",
    "unstructured.partition.html.parser",
    "unstructured.partition.text",
)


def _blank_spacy() -> Any:
    import spacy

    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def _keep_bullets(text: str) -> str:
    return text


def prepare_unstructured() -> None:
    """Idempotent; call before importing any ``unstructured.partition`` module."""
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        os.environ.setdefault("DO_NOT_TRACK", "1")
        os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")
        import importlib

        import unstructured.nlp.tokenize as tokenize

        tokenize._load_spacy_model = _blank_spacy
        tokenize._get_nlp.cache_clear()
        for name in _BULLET_CLEANING_MODULES:
            module = importlib.import_module(name)
            if not hasattr(module, "clean_bullets"):
                raise RuntimeError(f"{name} no longer imports clean_bullets; recheck the bullet patch")
            module.clean_bullets = _keep_bullets  # type: ignore[attr-defined]
        _ready = True
