"""Synthetic workspaces of 25,000 or 100,000 articles, built from the shared corpus.

Deterministic (seeded): the same ``--articles`` and ``--seed`` give the same files, byte for byte.
Each synthetic article keeps one language: a real article's title and paragraph count, its
paragraphs drawn from random articles of that language (texts are distinct: a repeated text is
drawn again).  Recombined paragraphs alone repeat the corpus's names, so a workspace of 100,000
would hold the entities of 5,000; real news brings new people all the time (fitted on the real
corpus: about 134,000 entities at 25k articles, 390,000 at 100k).  So in a share
(``--new-names``) of the two-word capitalised names in each article the second word is replaced
by a surname drawn from the same language's names, giving plausible new people in real sentences.

The files go to a folder outside the repository (``--out``, default a temporary folder) and are
ingested through the store's ingest path (``workbench.ingest.pipeline.ingest_paths``):

* ``--mode ner``: the product's real NER (spaCy for Spanish).  About 22 minutes for 100k on an
  idle machine.
* ``--mode fast`` (default): the same ingest path, with every language on the rule path
  (capitalised runs; no spaCy), in one process, language given per folder.  Same store, resolver,
  FTS and counters; only the mention proposer is cheaper.
* ``--mode bare``: the same ingest path with no mentions at all (no entities): a workspace for the
  rows that read only the sources and their index (search), built in minutes.
* ``--mode reuse --names-from C5K.db``: the same ingest path, with NER replaced by what the
  product's real NER found in the real corpus (``C5K.db``, a workspace of the corpus ingested by
  ``workbench ingest``).  A synthetic article is real paragraphs, so its names are the corpus's:
  each capitalised run's longest part that the real NER stored as a mention in that language is a
  mention with the label of its entity; a redrawn surname ("Given NewSurname", where the real
  NER found "Given Surname" as a person) is a person.  About four times the fast mode's rate: the
  resolver and the store do the same work, only the proposer is a lookup.

Nothing from the corpus is written into the repository::

    .venv/bin/python bench/synth.py --articles 25000 --db /tmp/s25k.db
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._corpus import corpus_files  # noqa: E402

LANGS = ("pt", "es", "it", "en")
_UP = "A-ZÁÉÍÓÚÂÊÔÃÕÀÈÌÒÙÇÑÜ"
_LO = "a-záéíóúâêôãõàèìòùçñüï"
NAME2 = re.compile(rf"\b([{_UP}][{_LO}]{{2,}}) ([{_UP}][{_LO}]{{2,}})\b")


def _paragraphs(text: str) -> tuple[str, list[str]]:
    parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text)]
    parts = [p for p in parts if p]
    if not parts:
        return "", []
    title, body = parts[0], parts[1:]
    if len(title) > 200 or not body:
        # no title line (some files are one long line): the first sentence is the title, and the
        # rest makes paragraphs of three sentences
        sents = re.split(r"(?<=[.!?])\s+", " ".join([title, *body]))
        title, rest = sents[0][:200], sents[1:]
        body = [" ".join(rest[i:i + 3]) for i in range(0, len(rest), 3)]
    return title, body


class Pool:
    """Per language: the real articles (title, paragraph count) and every paragraph, plus the
    surnames (second words of two-word capitalised names)."""

    def __init__(self) -> None:
        self.titles: dict[str, list[str]] = {lang: [] for lang in LANGS}
        self.counts: dict[str, list[int]] = {lang: [] for lang in LANGS}
        self.paras: dict[str, list[str]] = {lang: [] for lang in LANGS}
        self.surnames: dict[str, list[str]] = {lang: [] for lang in LANGS}
        for f in corpus_files():
            lang = f.parent.name
            title, paras = _paragraphs(f.read_text(encoding="utf-8", errors="replace"))
            if not paras:
                continue
            self.titles[lang].append(title)
            self.counts[lang].append(len(paras))
            self.paras[lang].extend(paras)
        for lang in LANGS:
            seen: dict[str, None] = {}
            for p in self.paras[lang]:
                for m in NAME2.finditer(p):
                    seen.setdefault(m.group(2), None)
            self.surnames[lang] = sorted(seen)
        self.weights = [len(self.titles[lang]) for lang in LANGS]


def article(pool: Pool, i: int, seed: int, new_names: float) -> tuple[str, str]:
    """(lang, text) of synthetic article ``i``: a function of (i, seed) only."""
    rng = random.Random(f"{seed}:{i}")
    lang = rng.choices(LANGS, weights=pool.weights)[0]
    k = rng.randrange(len(pool.titles[lang]))
    title = pool.titles[lang][k]
    n = max(2, min(pool.counts[lang][k], 40))
    paras = [pool.paras[lang][rng.randrange(len(pool.paras[lang]))] for _ in range(n)]
    surnames = pool.surnames[lang]

    def swap(m: re.Match[str]) -> str:
        if surnames and rng.random() < new_names:
            return f"{m.group(1)} {surnames[rng.randrange(len(surnames))]}"
        return m.group(0)

    body = "\n\n".join(NAME2.sub(swap, p) for p in paras)
    return lang, f"{title}\n\n{body}\n"


def write_files(pool: Pool, out: Path, n: int, seed: int, new_names: float) -> dict[str, int]:
    seen: set[bytes] = set()
    per_lang = {lang: 0 for lang in LANGS}
    for lang in LANGS:
        (out / lang).mkdir(parents=True, exist_ok=True)
    for i in range(n):
        attempt = 0
        while True:
            lang, text = article(pool, i if attempt == 0 else i + 1_000_000 * attempt, seed, new_names)
            digest = hashlib.sha256(text.encode("utf-8")).digest()
            if digest not in seen:
                break
            attempt += 1
        seen.add(digest)
        (out / lang / f"{i:06d}.txt").write_text(text, encoding="utf-8")
        per_lang[lang] += 1
    return per_lang


_RUN = re.compile(rf"[{_UP}][\w'’.&-]*(?:[ \t]+(?:(?:de|do|da|dos|das|di|del|della|dei|of|y|e)[ \t]+)?"
                  rf"[{_UP}0-9][\w'’.&-]*)*")


class KnownNames:
    """Per language: the surfaces the real NER stored as mentions (with their entity's label),
    and the first words of its two-word persons."""

    def __init__(self, db: Path) -> None:
        import sqlite3

        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        self.label: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
        votes: dict[tuple[str, str], dict[str, int]] = {}
        for lang, text, label in con.execute(
                "SELECT s.lang, m.text, e.label FROM mentions m JOIN sources s ON s.id = m.source_id"
                " JOIN entities e ON e.id = m.entity_id WHERE e.status != 'rejected'"):
            v = votes.setdefault((lang, " ".join(text.split())), {})
            v[label] = v.get(label, 0) + 1
        for (lang, text), v in votes.items():
            if lang in self.label:
                self.label[lang][text] = max(sorted(v), key=v.__getitem__)
        self.given: dict[str, set[str]] = {
            lang: {t.split()[0] for t, lab in names.items() if lab == "PER" and len(t.split()) == 2}
            for lang, names in self.label.items()}
        con.close()

    def mentions(self, text: str, lang: str) -> list[tuple[int, int, str, str, str]]:
        known, given = self.label.get(lang, {}), self.given.get(lang, set())
        out = []
        for run in _RUN.finditer(text):
            words = [(m.start() + run.start(), m.end() + run.start()) for m in re.finditer(r"\S+", run.group())]
            i = 0
            while i < len(words):
                for j in range(min(len(words), i + 6), i, -1):  # the longest known part from word i
                    a, b = words[i][0], words[j - 1][1]
                    surface = text[a:b].rstrip(".,'’")
                    b = a + len(surface)
                    label = known.get(surface)
                    if label is None and j - i == 2 and text[words[i][0]:words[i][1]] in given:
                        label = "PER"
                    if label:
                        out.append((a, b, surface, label, "model"))
                        i = j
                        break
                else:
                    i += 1
        return out


def ingest(db: Path, out: Path, mode: str, names_from: Path | None = None) -> dict:
    from workbench.ingest import pipeline
    from workbench.ingest.pipeline import ingest_paths
    from workbench.store import Workspace

    if mode == "reuse":
        if names_from is None:
            sys.exit("--mode reuse needs --names-from (a workspace of the real corpus)")
        names = KnownNames(names_from)
        pipeline._analyse = lambda texts, langs: [  # type: ignore[assignment]
            (lang, names.mentions(t, lang), None) for t, lang in zip(texts, langs)]
    if mode == "bare":
        pipeline._analyse = lambda texts, langs: [(lang, [], None) for lang in langs]  # type: ignore[assignment]
    if mode == "fast":
        from workbench.nlp import ner

        ner.MODEL_NAME.clear()  # every language on the rule path (no spaCy) ...
        ner.LABEL_MODEL = ""    # ... and no spaCy labelling of the rule path's names either
    ws = Workspace(str(db))
    t0 = time.perf_counter()
    added = failed = 0
    try:
        for lang in LANGS:
            folder = out / lang
            if not folder.exists():
                continue
            rep = ingest_paths(ws, [folder], workers=1 if mode != "ner" else None, lang=lang)
            added += len(rep.added)
            failed += len(rep.failed)
            print(f"  {lang}: {len(rep.added)} added, {len(rep.failed)} failed "
                  f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
        summary = ws.summary()
    finally:
        ws.close()
    return {"added": added, "failed": failed, "seconds": round(time.perf_counter() - t0, 1),
            "sources": summary["sources"], "entities": summary["entities"], "mentions": summary["mentions"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=25_000)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--new-names", type=float, default=0.5,
                    help="share of two-word capitalised names whose surname is redrawn (default 0.5)")
    ap.add_argument("--out", type=Path, help="folder for the generated files (default: a temporary one)")
    ap.add_argument("--db", type=Path, help="workspace to ingest into (omit: only write the files)")
    ap.add_argument("--mode", choices=("fast", "ner", "reuse", "bare"), default="fast")
    ap.add_argument("--names-from", type=Path, help="with --mode reuse: a real-NER workspace of the corpus")
    a = ap.parse_args()
    out = a.out or Path(tempfile.mkdtemp(prefix="wb-synth-"))
    if Path(__file__).resolve().parents[1] in out.resolve().parents:
        sys.exit("--out must be outside the repository (the corpus is never copied into it)")
    t0 = time.perf_counter()
    pool = Pool()
    per_lang = write_files(pool, out, a.articles, a.seed, a.new_names)
    report: dict = {"articles": a.articles, "seed": a.seed, "new_names": a.new_names, "mode": a.mode,
                    "out": str(out), "per_lang": per_lang, "write_seconds": round(time.perf_counter() - t0, 1)}
    print(f"wrote {a.articles} articles to {out} in {report['write_seconds']} s", file=sys.stderr, flush=True)
    if a.db:
        report["ingest"] = ingest(a.db, out, a.mode, a.names_from)
        report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        report["loadavg"] = Path("/proc/loadavg").read_text().split()[:3]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
