"""Word alignment across languages: how much of what a claim says has a counterpart, word for word,
in a passage, whatever its language.

Each content word of the claim (:func:`.passages.content_words`: folded, four letters or more, no
stop word) is matched to the passage word whose vector is most like its own; the alignment is the
share of the claim's words whose best counterpart is at least :data:`ALIGN_MIN` alike, each word
weighted by its IDF in the passage index (that of its five-letter term key, as the lexical score
weighs it): "adquirido" says more than "empresa".  Vectors
are the multilingual sentence encoder's (:mod:`.encoder`) of the single word: translations and
real cognates are close (adquirido / comprado 0.73, procesamiento / processamento 0.93,
ricerca / investigacion 0.71), look-alikes are not (compania / comprando 0.34).  A stem or
trigram match cannot see "comprado" in "acquistando"; this can, and it does not mistake
"procesamiento" for "pensamiento".

Word vectors are cached in memory (:data:`MEMORY` words) and in the workspace (table
``word_vectors``, :mod:`workbench.store.word_vectors`, created on demand), so each word is
encoded once per workspace.  A query aligns only its best candidates (``ALIGN_TOP`` in
:mod:`.corroborate`), which bounds the words it may have to encode.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .passages import content_words

if TYPE_CHECKING:
    import numpy as np

    from ..store import Workspace

ALIGN_MIN = 0.6   # a claim word has a counterpart when its best passage word is this alike
                  # (compania / empresa 0.59, reclutado / contratado 0.64; compania / comprando 0.34)
MAX_WORDS = 40    # claim words aligned (the first ones: a long selection's words past these add little)
WORD_BATCH = 256  # words encoded at a time
MEMORY = 30_000   # word vectors held in memory per process (float16, 1 KB each)

_MEM: OrderedDict[str, np.ndarray] = OrderedDict()
_LOCK = threading.Lock()


def word_vectors(ws: Workspace | None, words: Sequence[str]) -> dict[str, np.ndarray]:
    """{word: unit vector (float32)} of ``words``: from memory, else the workspace, else the
    encoder (and then kept in both)."""
    import numpy as np

    from ..store.word_vectors import store_word_vectors
    from ..store.word_vectors import word_vectors as stored
    from .encoder import dequantise, encode, quantise

    out: dict[str, np.ndarray] = {}
    with _LOCK:
        for w in words:
            v = _MEM.get(w)
            if v is not None:
                out[w] = v
    todo = [w for w in dict.fromkeys(words) if w not in out]
    if todo and ws is not None:
        blobs = stored(ws, todo)
        if blobs:
            have = [w for w in todo if w in blobs]
            for w, v in zip(have, dequantise([blobs[w] for w in have])):
                out[w] = v.astype(np.float16)
            todo = [w for w in todo if w not in blobs]
    if todo:
        vecs = encode(todo, batch=WORD_BATCH)
        for w, v in zip(todo, vecs):
            out[w] = v.astype(np.float16)
        if ws is not None:
            store_word_vectors(ws, [(w, quantise(v)) for w, v in zip(todo, vecs)])
    with _LOCK:
        for w, v in out.items():
            _MEM[w] = v
            _MEM.move_to_end(w)
        while len(_MEM) > MEMORY:
            _MEM.popitem(last=False)
    return out


def claim_words(text: str) -> list[str]:
    """The distinct content words of a claim that are aligned (at most :data:`MAX_WORDS`)."""
    return list(dict.fromkeys(content_words(text)))[:MAX_WORDS]


def alignments(ws: Workspace | None, claim_text: str, passages: Sequence[str],
               weight: Callable[[str], float] | None = None) -> list[float]:
    """For each passage, the share of the claim's content words that have a counterpart in it (a
    word vector at least :data:`ALIGN_MIN` alike; the same folded word always is), each word
    counted with ``weight(word)`` (1 without); 0.0 for a claim without content words."""
    import numpy as np

    cw = claim_words(claim_text)
    pws = [list(dict.fromkeys(content_words(p))) for p in passages]
    w = np.array([weight(x) if weight else 1.0 for x in cw], dtype=np.float32)
    if not cw or not w.sum():
        return [0.0] * len(passages)
    w /= w.sum()
    vecs = word_vectors(ws, list(dict.fromkeys([*cw, *(w for p in pws for w in p)])))
    cmat = np.vstack([vecs[w] for w in cw]).astype(np.float32)
    out = []
    for words in pws:
        if not words:
            out.append(0.0)
            continue
        pmat = np.vstack([vecs[w] for w in words]).astype(np.float32)
        best = (cmat @ pmat.T).max(axis=1)
        out.append(float(((best >= ALIGN_MIN) * w).sum()))
    return out
