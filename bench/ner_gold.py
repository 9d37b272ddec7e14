"""Entity quality on a hand-annotated multilingual gold set (``tests/data/ner_gold.json``).

    .venv/bin/python bench/ner_gold.py build          # ner_gold_src.txt -> ner_gold.json (offsets)
    .venv/bin/python bench/ner_gold.py [--json NAME]  # score the product, write bench/results/NAME.json

The gold (conventions in ``tests/data/ner_gold_README.md``) names corpus files by path and lists
each mention as character offsets into the file's *cleaned* text (``textutil.clean_text``, what
ingest stores) with its label and surface; the article text itself is read from the corpus.

The product is run exactly as a user runs it: every gold article is ingested into one fresh
workspace (``ingest_paths``: language ID, NER, resolution, storage), and what the entities pane
shows is read back from the store (mentions, with their entity's label).

Scores, per language and overall, on unique names per article (a name found three times in one
article counts once, as in the entities pane):

* strict: a predicted name is right when it is exactly a gold name of that article (whitespace
  normalised); lenient: when one of its mentions overlaps a gold mention.
* label accuracy: among strictly matched names, the share whose label equals the gold label
  (lenient: among overlapping pairs, the best label agreement per gold name).
* Gold spans labelled ``?`` (borderline: "Polizia locale", a lone "Comando") are neutral: a
  predicted name whose every mention overlaps only such spans is not scored.
* Resolution: the gold names (distinct surfaces over the whole set) that share a cluster are the
  gold pairs; a predicted pair is two gold names whose mentions share an entity. Pair precision
  counts predicted pairs among gold names; pair recall divides by every gold pair (a name the
  product never found cannot be paired).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import warnings
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._corpus import corpus_dir, write_result  # noqa: E402

warnings.filterwarnings("ignore", message=r"\[W095\]")

SRC = ROOT / "tests" / "data" / "ner_gold_src.txt"
GOLD = ROOT / "tests" / "data" / "ner_gold.json"
HELDOUT_SRC = ROOT / "tests" / "data" / "ner_gold_heldout_src.txt"
HELDOUT = ROOT / "tests" / "data" / "ner_gold_heldout.json"
FRESH_SRC = ROOT / "tests" / "data" / "ner_gold_fresh_src.txt"
FRESH = ROOT / "tests" / "data" / "ner_gold_fresh.json"
DEV2_SRC = ROOT / "tests" / "data" / "ner_gold_dev2_src.txt"
DEV2 = ROOT / "tests" / "data" / "ner_gold_dev2.json"
DEV3_SRC = ROOT / "tests" / "data" / "ner_gold_dev3_src.txt"
DEV3 = ROOT / "tests" / "data" / "ner_gold_dev3.json"
DEV4_SRC = ROOT / "tests" / "data" / "ner_gold_dev4_src.txt"
DEV4 = ROOT / "tests" / "data" / "ner_gold_dev4.json"
DEV5_SRC = ROOT / "tests" / "data" / "ner_gold_dev5_src.txt"
DEV5 = ROOT / "tests" / "data" / "ner_gold_dev5.json"
DEV6_SRC = ROOT / "tests" / "data" / "ner_gold_dev6_src.txt"
DEV6 = ROOT / "tests" / "data" / "ner_gold_dev6.json"
DEV7_SRC = ROOT / "tests" / "data" / "ner_gold_dev7_src.txt"
DEV7 = ROOT / "tests" / "data" / "ner_gold_dev7.json"
DEV8_SRC = ROOT / "tests" / "data" / "ner_gold_dev8_src.txt"
DEV8 = ROOT / "tests" / "data" / "ner_gold_dev8.json"
DEV9_SRC = ROOT / "tests" / "data" / "ner_gold_dev9_src.txt"
DEV9 = ROOT / "tests" / "data" / "ner_gold_dev9.json"
DEV10_SRC = ROOT / "tests" / "data" / "ner_gold_dev10_src.txt"
DEV10 = ROOT / "tests" / "data" / "ner_gold_dev10.json"
DEV11_SRC = ROOT / "tests" / "data" / "ner_gold_dev11_src.txt"
DEV11 = ROOT / "tests" / "data" / "ner_gold_dev11.json"
DEV12_SRC = ROOT / "tests" / "data" / "ner_gold_dev12_src.txt"
DEV12 = ROOT / "tests" / "data" / "ner_gold_dev12.json"
# the drawn sets in the order they were drawn: each draw leaves out the sets drawn before it, not those after
DRAWN = (DEV3_SRC, DEV4_SRC, DEV5_SRC, DEV6_SRC, DEV7_SRC, DEV8_SRC, DEV9_SRC, DEV10_SRC, DEV11_SRC, DEV12_SRC)
# corpus articles whose entity output was read while writing rules (session 15 on): dev7 on leaves them out
EXPLORED = ROOT / "tests" / "data" / "ner_explored.txt"
# the corroboration gold on the real corpus: its articles are kept out of the NER sets drawn after it (dev6 on)
CORROBORATION_GOLD = ROOT / "tests" / "data" / "corroboration_corpus_eval.json"
LABELS = ("PER", "ORG", "LOC", "MISC")


def _norm(s: str) -> str:
    return " ".join(s.split())


# --------------------------------------------------------------------------------------------
# build


def _parse_src(path: Path) -> list[tuple[str, list[tuple[str, str, str]]]]:
    arts: list[tuple[str, list[tuple[str, str, str]]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("= "):
            arts.append((line[2:].strip(), []))
            continue
        parts = line.split("\t")
        label, surface = parts[0], parts[1]
        cluster = parts[2] if len(parts) > 2 else ""
        if label not in (*LABELS, "?"):
            raise SystemExit(f"bad label {label!r} in {line!r}")
        arts[-1][1].append((label, surface, cluster))
    return arts


def build(src: Path = SRC, gold: Path = GOLD) -> None:
    from workbench.textutil import clean_text

    root = corpus_dir()
    out = []
    clusters: dict[str, str] = {}
    for rel, items in _parse_src(src):
        text = clean_text((root / rel).read_text(encoding="utf-8"))
        taken: list[tuple[int, int]] = []
        mentions = []
        ignore = []
        for label, surface, cluster in sorted(items, key=lambda x: -len(x[1])):
            pat = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in surface.split()) + r"(?!\w)"
            found = 0
            for m in re.finditer(pat, text):
                s, e = m.span()
                if any(s < b and a < e for a, b in taken):
                    continue
                taken.append((s, e))
                found += 1
                if label == "?":
                    ignore.append([s, e])
                else:
                    mentions.append({"start": s, "end": e, "label": label, "surface": surface,
                                     "cluster": cluster or f"{rel}#{surface}"})
            if not found:
                raise SystemExit(f"{rel}: {surface!r} not found")
            if label != "?" and cluster:
                prev = clusters.setdefault(surface, cluster)
                if prev != cluster:
                    raise SystemExit(f"{surface!r} is in two clusters: {prev}, {cluster}")
        mentions.sort(key=lambda m: m["start"])
        out.append({"path": rel, "lang": rel.split("/")[0], "chars": len(text),
                    "mentions": mentions, "ignore": sorted(ignore)})
    gold.write_text(json.dumps({"version": 1, "articles": out}, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
    n = sum(len(a["mentions"]) for a in out)
    print(f"{len(out)} articles, {n} mentions -> {gold}")


def draw_fresh(seed: int = 20261207, per_lang: int = 2) -> list[str]:
    """The fresh check's articles: per language (pt, it, es, en) ``rng.sample`` of ``per_lang`` from
    the sorted MANIFEST paths of 500-1,500 characters that are in no other gold file."""
    import random

    used = {line[2:].strip() for f in (SRC, HELDOUT_SRC) for line in f.read_text(encoding="utf-8").splitlines()
            if line.startswith("= ")}
    rows = [r.split("\t") for r in (corpus_dir() / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    rng = random.Random(seed)
    out: list[str] = []
    for lang in ("pt", "it", "es", "en"):
        cand = sorted(r[0] for r in rows if r[1] == lang and 500 <= int(r[5]) <= 1500 and r[0] not in used)
        out += rng.sample(cand, per_lang)
    return out


def draw_dev2(seed: int = 20261202) -> list[str]:
    """The second development sample: per language in the order pt 2, it 4, es 6, ``rng.sample`` from
    the sorted MANIFEST paths of 500-1,500 characters that are in no ``ner_gold*.json`` file."""
    import random

    used = {a["path"] for f in (GOLD, HELDOUT, FRESH) for a in json.loads(f.read_text(encoding="utf-8"))["articles"]}
    rows = [r.split("\t") for r in (corpus_dir() / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    rng = random.Random(seed)
    out: list[str] = []
    for lang, n in (("pt", 2), ("it", 4), ("es", 6)):
        cand = sorted(r[0] for r in rows if r[1] == lang and 500 <= int(r[5]) <= 1500 and r[0] not in used)
        out += rng.sample(cand, n)
    return out


def _draw_unused(seed: int, plan: tuple[tuple[str, int], ...], own_src: Path,
                 every_gold: bool = False, exclude: frozenset[str] = frozenset()) -> list[str]:
    """Per language in ``plan`` order, ``rng.sample`` of that many from the sorted MANIFEST paths of
    500-1,500 characters that are in no ``ner_gold*_src.txt`` but ``own_src`` and the sets drawn
    after it in ``DRAWN`` (so a draw stays what it was when more sets are added). With ``every_gold``
    (dev6 on) the paths of every ``ner_gold*.json`` but those two and the articles of the corroboration
    gold on the corpus are excluded too; ``exclude`` (dev7 on: :func:`explored_paths`) leaves out more
    paths."""
    import random

    later = DRAWN[DRAWN.index(own_src) + 1 :]
    used = {line[2:].strip() for f in sorted(SRC.parent.glob("ner_gold*_src.txt")) if f != own_src and f not in later
            for line in f.read_text(encoding="utf-8").splitlines() if line.startswith("= ")}
    if every_gold:
        skip = {own_src, *later}
        used |= {a["path"] for f in sorted(SRC.parent.glob("ner_gold*.json"))
                 if f.with_name(f.stem + "_src.txt") not in skip
                 for a in json.loads(f.read_text(encoding="utf-8"))["articles"]}
        if CORROBORATION_GOLD.exists():
            groups = json.loads(CORROBORATION_GOLD.read_text(encoding="utf-8"))["groups"].values()
            used |= {p for g in groups for p in g["sources"]}
    used |= set(exclude)
    rows = [r.split("\t") for r in (corpus_dir() / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    rng = random.Random(seed)
    out: list[str] = []
    for lang, n in plan:
        cand = sorted(r[0] for r in rows if r[1] == lang and 500 <= int(r[5]) <= 1500 and r[0] not in used)
        out += rng.sample(cand, n)
    return out


def draw_dev3(seed: int = 20261230) -> list[str]:
    """The third development sample: pt 5, it 5, es 3, en 3 (see :func:`_draw_unused`)."""
    return _draw_unused(seed, (("pt", 5), ("it", 5), ("es", 3), ("en", 3)), DEV3_SRC)


def draw_dev4(seed: int = 20261302) -> list[str]:
    """The fourth development sample: pt 3, it 3, es 3, en 3 (see :func:`_draw_unused`)."""
    return _draw_unused(seed, (("pt", 3), ("it", 3), ("es", 3), ("en", 3)), DEV4_SRC)


def draw_dev5(seed: int = 20261403) -> list[str]:
    """The fifth development sample: pt 4, it 4, es 4, en 4 (see :func:`_draw_unused`)."""
    return _draw_unused(seed, (("pt", 4), ("it", 4), ("es", 4), ("en", 4)), DEV5_SRC)


def draw_dev6(seed: int = 20261503) -> list[str]:
    """The sixth development sample: pt 4, it 4, es 4, en 4, in no other NER gold file (source or json)
    and not among the corroboration gold's articles (see :func:`_draw_unused`)."""
    return _draw_unused(seed, (("pt", 4), ("it", 4), ("es", 4), ("en", 4)), DEV6_SRC, every_gold=True)


def explored_paths() -> frozenset[str]:
    """The corpus paths listed in ``tests/data/ner_explored.txt`` (lines not starting with '#')."""
    return frozenset(line.strip() for line in EXPLORED.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def draw_dev7(seed: int = 20261603) -> list[str]:
    """The seventh development sample: pt 5, it 5, es 5, en 5, in no other NER gold file (source or json),
    not among the corroboration gold's articles and not among the articles whose entity output was read
    while writing rules (``ner_explored.txt``) (see :func:`_draw_unused`)."""
    return _draw_unused(seed, (("pt", 5), ("it", 5), ("es", 5), ("en", 5)), DEV7_SRC,
                        every_gold=True, exclude=explored_paths())


def draw_dev8(seed: int = 20261803) -> list[str]:
    """The eighth development sample: pt 5, it 5, es 5, en 5, drawn like dev7 (no other NER gold file, no
    corroboration gold article, none of ``ner_explored.txt``) (see :func:`_draw_unused`)."""
    return _draw_unused(seed, (("pt", 5), ("it", 5), ("es", 5), ("en", 5)), DEV8_SRC,
                        every_gold=True, exclude=explored_paths())


def draw_dev9(seed: int = 20261809) -> list[str]:
    """The ninth development sample: pt 5, it 5, es 5, en 5, drawn like dev7 and dev8 (no other NER gold file,
    no corroboration gold article, none of ``ner_explored.txt``) (see :func:`_draw_unused`)."""
    return _draw_unused(seed, (("pt", 5), ("it", 5), ("es", 5), ("en", 5)), DEV9_SRC,
                        every_gold=True, exclude=explored_paths())


def draw_dev10(seed: int = 20261810) -> list[str]:
    """The tenth development sample: pt 5, it 5, es 5, en 5, drawn like dev7 to dev9 (no other NER gold file,
    no corroboration gold article, none of ``ner_explored.txt``) (see :func:`_draw_unused`)."""
    return _draw_unused(seed, (("pt", 5), ("it", 5), ("es", 5), ("en", 5)), DEV10_SRC, every_gold=True,
                        exclude=explored_paths())


def draw_dev11(seed: int = 20261901) -> list[str]:
    """The eleventh development sample: pt 5, it 5, es 5, en 5, drawn like dev7 to dev10 (see :func:`_draw_unused`)."""
    return _draw_unused(seed, (("pt", 5), ("it", 5), ("es", 5), ("en", 5)), DEV11_SRC, every_gold=True,
                        exclude=explored_paths())


def draw_dev12(seed: int = 20261902) -> list[str]:
    """The twelfth development sample: pt 5, it 5, es 5, en 5, drawn like dev7 to dev11 (see :func:`_draw_unused`)."""
    return _draw_unused(seed, (("pt", 5), ("it", 5), ("es", 5), ("en", 5)), DEV12_SRC, every_gold=True,
                        exclude=explored_paths())


# --------------------------------------------------------------------------------------------
# product


def run_product(articles: list[dict]) -> dict[str, list[tuple[int, int, str, str, int]]]:
    """Ingest every gold article into one fresh workspace; per path, the stored mentions as
    ``(start, end, text, entity label, entity id)``."""
    from workbench.ingest.pipeline import ingest_paths
    from workbench.store import Workspace

    root = corpus_dir()
    out: dict[str, list[tuple[int, int, str, str, int]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp) / "ws.db")
        paths = [root / a["path"] for a in articles]
        report = ingest_paths(ws, paths, workers=1)
        if report.failed:
            raise SystemExit(f"ingest failed: {report.failed}")
        by_path = {str(p): sid for p, sid in report.added}
        for a in articles:
            sid = by_path[str(root / a["path"])]
            out[a["path"]] = [(m.start, m.end, m.text, m.label, m.entity_id)
                              for m in ws.mentions_for_source(sid)]
        ws.close()
    return out


# --------------------------------------------------------------------------------------------
# scoring


def _overlaps(s: int, e: int, spans) -> bool:
    return any(s < b and a < e for a, b in spans)


def score(articles: list[dict], pred: dict[str, list[tuple[int, int, str, str, int]]]) -> dict:
    per_lang: dict[str, Counter[str]] = defaultdict(Counter)
    errors: dict[str, list[str]] = defaultdict(list)
    gold_cluster: dict[str, str] = {}
    name_entities: dict[str, set[int]] = defaultdict(set)
    for a in articles:
        lang = a["lang"]
        c = per_lang[lang]
        gm = a["mentions"]
        gold_names: dict[str, str] = {}
        gold_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for m in gm:
            n = _norm(m["surface"])
            gold_names[n] = m["label"]
            gold_spans[n].append((m["start"], m["end"]))
            gold_cluster[n] = m["cluster"]
        all_gold = [(m["start"], m["end"]) for m in gm]
        ignore = [tuple(x) for x in a["ignore"]]
        pnames: dict[str, Counter[str]] = defaultdict(Counter)
        pspans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for s, e, t, lab, eid in pred[a["path"]]:
            n = _norm(t)
            pnames[n][lab] += 1
            pspans[n].append((s, e))
            if n in gold_names:
                name_entities[n].add(eid)
        scored = {}
        for n, labs in pnames.items():
            spans = pspans[n]
            if n not in gold_names and not any(_overlaps(s, e, all_gold) for s, e in spans) and all(
                    _overlaps(s, e, ignore) for s, e in spans):
                continue  # only inside borderline spans: not scored
            scored[n] = labs.most_common(1)[0][0]
        c["gold"] += len(gold_names)
        c["pred"] += len(scored)
        for n, lab in scored.items():
            if n in gold_names:
                c["tp"] += 1
                c["label_ok"] += lab == gold_names[n]
                if lab != gold_names[n]:
                    errors[lang].append(f"label {n!r} {lab} (gold {gold_names[n]})  [{a['path']}]")
            else:
                errors[lang].append(f"false {n!r} {lab}  [{a['path']}]")
            if any(_overlaps(s, e, all_gold) for s, e in pspans[n]):
                c["l_tp_pred"] += 1
        for n, lab in gold_names.items():
            hit_labels = [scored[p] for p in scored if any(_overlaps(s, e, gold_spans[n]) for s, e in pspans[p])]
            if hit_labels:
                c["l_tp_gold"] += 1
                c["l_label_ok"] += lab in hit_labels
            if n not in scored:
                errors[lang].append(f"missed {n!r} {lab}  [{a['path']}]")

    def ratios(c: Counter[str]) -> dict[str, float | int]:
        d = lambda x, y: round(x / y, 3) if y else 0.0  # noqa: E731
        return {"strict_p": d(c["tp"], c["pred"]), "strict_r": d(c["tp"], c["gold"]),
                "strict_label": d(c["label_ok"], c["tp"]),
                "lenient_p": d(c["l_tp_pred"], c["pred"]), "lenient_r": d(c["l_tp_gold"], c["gold"]),
                "lenient_label": d(c["l_label_ok"], c["l_tp_gold"]),
                "gold_names": c["gold"], "pred_names": c["pred"]}

    out: dict = {"per_lang": {lang: ratios(c) for lang, c in sorted(per_lang.items())}}
    total: Counter[str] = Counter()
    for c in per_lang.values():
        total.update(c)
    out["all"] = ratios(total)

    # resolution pairs over distinct gold names
    names = sorted(gold_cluster)
    gold_pairs = {(x, y) for x, y in combinations(names, 2) if gold_cluster[x] == gold_cluster[y]}
    pred_pairs = {(x, y) for x, y in combinations(names, 2) if name_entities[x] & name_entities[y]}
    ok = gold_pairs & pred_pairs
    out["pairs"] = {"gold": len(gold_pairs), "predicted": len(pred_pairs), "right": len(ok),
                    "precision": round(len(ok) / len(pred_pairs), 3) if pred_pairs else 0.0,
                    "recall": round(len(ok) / len(gold_pairs), 3) if gold_pairs else 0.0,
                    "missed": sorted(f"{x} / {y}" for x, y in gold_pairs - pred_pairs),
                    "wrong": sorted(f"{x} / {y}" for x, y in pred_pairs - gold_pairs)}
    out["errors"] = {k: sorted(v) for k, v in errors.items()}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cmd", nargs="?", default="score",
                    choices=("score", "build", "draw-fresh", "draw-dev2", "draw-dev3", "draw-dev4",
                             "draw-dev5", "draw-dev6", "draw-dev7", "draw-dev8", "draw-dev9",
                             "draw-dev10", "draw-dev11", "draw-dev12"))
    ap.add_argument("--json", default="ner_gold", help="result name under bench/results/")
    ap.add_argument("--errors", action="store_true", help="print every error")
    ap.add_argument("--heldout", action="store_true",
                    help="the held-out check (ner_gold_heldout*) instead of the 30-article set")
    ap.add_argument("--fresh", action="store_true",
                    help="the fresh check (ner_gold_fresh*, 8 articles annotated before any output was seen)")
    ap.add_argument("--dev2", action="store_true",
                    help="the second development sample (ner_gold_dev2*, 12 articles pt/it/es, used to tune)")
    ap.add_argument("--dev3", action="store_true",
                    help="the third development sample (ner_gold_dev3*, 16 articles pt/it/es/en, used to tune)")
    ap.add_argument("--dev4", action="store_true",
                    help="the fourth development sample (ner_gold_dev4*, 12 articles, 3 per language, used to tune)")
    ap.add_argument("--dev5", action="store_true",
                    help="the fifth development sample (ner_gold_dev5*, 16 articles, 4 per language)")
    ap.add_argument("--dev6", action="store_true",
                    help="the sixth development sample (ner_gold_dev6*, 16 articles, 4 per language)")
    ap.add_argument("--dev7", action="store_true",
                    help="the seventh development sample (ner_gold_dev7*, 20 articles, 5 per language)")
    ap.add_argument("--dev8", action="store_true",
                    help="the eighth development sample (ner_gold_dev8*, 20 articles, 5 per language)")
    ap.add_argument("--dev9", action="store_true",
                    help="the ninth development sample (ner_gold_dev9*, 20 articles, 5 per language)")
    ap.add_argument("--dev10", action="store_true",
                    help="the tenth development sample (ner_gold_dev10*, 20 articles, 5 per language)")
    ap.add_argument("--dev11", action="store_true",
                    help="the eleventh development sample (ner_gold_dev11*, 20 articles, 5 per language)")
    ap.add_argument("--dev12", action="store_true",
                    help="the twelfth development sample (ner_gold_dev12*, 20 articles, 5 per language)")
    ap.add_argument("--src", type=Path, help="another source file (with --gold: build or score any set)")
    ap.add_argument("--gold", type=Path, help="another gold file")
    ap.add_argument("--no-hints", action="store_true", help="no Spanish-model labels on the rule path (ablation)")
    args = ap.parse_args()
    if args.no_hints:
        from workbench.nlp import ner

        ner.LABEL_MODEL = None
    src, gold_path = SRC, GOLD
    for flag, pair in (("heldout", (HELDOUT_SRC, HELDOUT)), ("fresh", (FRESH_SRC, FRESH)), ("dev2", (DEV2_SRC, DEV2)),
                       ("dev3", (DEV3_SRC, DEV3)), ("dev4", (DEV4_SRC, DEV4)), ("dev5", (DEV5_SRC, DEV5)),
                       ("dev6", (DEV6_SRC, DEV6)), ("dev7", (DEV7_SRC, DEV7)), ("dev8", (DEV8_SRC, DEV8)),
                       ("dev9", (DEV9_SRC, DEV9)), ("dev10", (DEV10_SRC, DEV10)),
                       ("dev11", (DEV11_SRC, DEV11)), ("dev12", (DEV12_SRC, DEV12))):
        if getattr(args, flag):
            src, gold_path = pair  # (a later set's flag wins, as before)
    src, gold_path = args.src or src, args.gold or gold_path
    draws = {"draw-fresh": draw_fresh, "draw-dev2": draw_dev2, "draw-dev3": draw_dev3, "draw-dev4": draw_dev4,
             "draw-dev5": draw_dev5, "draw-dev6": draw_dev6, "draw-dev7": draw_dev7, "draw-dev8": draw_dev8,
             "draw-dev9": draw_dev9, "draw-dev10": draw_dev10,
             "draw-dev11": draw_dev11, "draw-dev12": draw_dev12}
    if args.cmd in draws:
        print("\n".join(draws[args.cmd]()))
        return
    if args.cmd == "build":
        build(src, gold_path)
        return
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["articles"]
    pred = run_product(gold)
    res = score(gold, pred)
    print(f"{'lang':5} {'P':>6} {'R':>6} {'label':>6} | {'lenP':>6} {'lenR':>6} {'lenLab':>6} | gold pred")
    for lang, r in [*res["per_lang"].items(), ("all", res["all"])]:
        print(f"{lang:5} {r['strict_p']:6.3f} {r['strict_r']:6.3f} {r['strict_label']:6.3f} | "
              f"{r['lenient_p']:6.3f} {r['lenient_r']:6.3f} {r['lenient_label']:6.3f} | "
              f"{r['gold_names']:4} {r['pred_names']:4}")
    p = res["pairs"]
    print(f"pairs: precision {p['precision']:.3f} recall {p['recall']:.3f} "
          f"(gold {p['gold']}, predicted {p['predicted']}, right {p['right']})")
    if args.errors:
        for lang, errs in res["errors"].items():
            print(f"--- {lang}")
            for e in errs:
                print("  " + e)
        print("--- pairs missed:", "; ".join(p["missed"]))
        print("--- pairs wrong:", "; ".join(p["wrong"]))
    print("written", write_result(args.json, res))


if __name__ == "__main__":
    main()
