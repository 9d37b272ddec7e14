"""Evidence that travels (issue 20): the Markdown brief, ClaimReview, FollowTheMoney, export
filters, and who did what across two workspaces exchanging evidence files."""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import re
from pathlib import Path

import pytest
from conftest import run_cli
from markdown_it import MarkdownIt

from workbench.evidence.export import render
from workbench.store import Workspace

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
HOSTILE = ["# Titular [x](http://evil.example)", "<script>alert(1)</script>", "![img](http://evil.example/i.png)",
           "<https://evil.example>", "`code` and ``more``", "*em* __strong__ ~~gone~~", "&amp; &#60;b&#62;",
           "[ref]: http://evil.example", "1. item", "> quote", "---", "| a | b |\n|---|---|", "\\*not\\*"]


def _tokens(md: str) -> list:
    out = []

    def walk(ts):
        for t in ts:
            out.append(t)
            if t.children:
                walk(t.children)

    walk(MD.parse(md))
    return out


def _source(ws: Workspace, text: str, path: str, title: str, lang: str = "es", outlet: str = "") -> int:
    with ws.tx():
        return ws.insert_source(sha256=hashlib.sha256(text.encode()).hexdigest(), path=path, title=title,
                                outlet=outlet, lang=lang, lang_detected=lang, text=text)


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.\n]{40,200}\.", text)]


@pytest.fixture
def seeds10(seeded_ws):
    """The seeds with 10 claims in several tags (two per source), some graded, some linked."""
    ws = seeded_ws
    tags = [["cifras", "ia"], ["ia"], ["empresas", "ia", "cifras"], ["empresas"], ["cifras"]]
    made = []
    for i, src in enumerate(ws.list_sources()):
        spans = _sentences(ws.source_text(src.id))
        for k in (1, 2):
            s, e = spans[k]
            made.append(ws.add_claim(src.id, s, e, tags=tags[(i + k) % 5],
                                     status=("supported", "false", "unverified", "disputed")[(i + k) % 4]))
    ws.link_claims(made[2].id, made[0].id, "corroborates")
    ws.link_claims(made[4].id, made[0].id, "contradicts")
    return ws, made


# -- Markdown ------------------------------------------------------------------------------------
def test_seed_brief_holds_each_claim_once_with_needed_backslashes_only(seeds10, tmp_path):
    ws, made = seeds10
    for group_by in ("status", "tag"):
        md = render(ws, "md", group_by=group_by)
        for c in made:
            assert md.count(f"`{c.id}`") == 1, group_by
        assert md.count("#### Claim ") == 10
        assert "- Tags: cifras, empresas, ia" in md  # tags on one line
        assert not re.search(r"(^|\s)/\S+/", md), "an absolute path leaked"
        assert str(Path(ws.path).parent) not in md
        html = MD.render(md)
        # every backslash is needed: without it the rendering changes
        for m in re.finditer(r"\\", md):
            if md[m.start() - 1:m.start()] == "\\":
                continue
            assert MD.render(md[:m.start()] + md[m.end():]) != html, md[m.start() - 30:m.end() + 30]


def test_hostile_titles_quotes_tags_notes_render_as_literal_text(tmp_path):
    ws = Workspace(tmp_path / "ws.db")
    text = "Intro.\n" + "\n".join(HOSTILE) + "\nFin."
    sid = _source(ws, text, "/home/reporter/secret/folder/nota.txt", HOSTILE[0], outlet=HOSTILE[1])
    other = _source(ws, "Otra fuente dice lo mismo con 10.000 GPU.", "/home/reporter/b.txt", HOSTILE[2])
    with ws.tx():
        eid = ws.create_entity(HOSTILE[7], "PER", [HOSTILE[4]])
    first = ws.add_claim(sid, text.index(HOSTILE[0]), len(text) - 5, tags=HOSTILE[3:6], note=" ".join(HOSTILE),
                         entity_ids=[eid], status="false")
    second = ws.add_claim(other, 0, 10, tags=[HOSTILE[8]], note=HOSTILE[9])
    ws.link_claims(second.id, first.id, "corroborates")
    for group_by in ("status", "tag"):
        md = render(ws, "md", group_by=group_by)
        tokens = _tokens(md)
        kinds = {t.type for t in tokens}
        assert not kinds & {"html_block", "html_inline", "link_open", "image", "fence", "code_block", "s_open",
                            "em_open", "strong_open", "hr"}
        headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        assert all(h.startswith(("Evidence brief", "Claims", "Claim ", "False", "Unverified", "Tag: ", "Evidence matrix",
                                 "Entities", "Sources")) for h in headings), headings
        plain = html_lib.unescape(MD.render(md))
        for h in HOSTILE[:8]:
            assert " ".join(h.split()) in " ".join(plain.split()), h
        assert "/home/reporter" not in md and "nota.txt" in md
    ws.close()


def test_source_metadata_and_pages_in_every_format(tmp_path, monkeypatch):
    ws = Workspace(tmp_path / "ws.db")
    have = {r[1] for r in ws.conn.execute("PRAGMA table_info(sources)")}
    for col in ("url", "author", "published_at", "captured_at"):  # the citation metadata columns
        if col not in have:
            ws.conn.execute(f"ALTER TABLE sources ADD COLUMN {col} TEXT NOT NULL DEFAULT ''")
    text = "El ministro dijo que el paro bajó al 11,2 % en marzo, según el INE."
    sid = _source(ws, text, "/tmp/x/paro.txt", "El paro baja", outlet="Diario Uno")
    with ws.tx():
        ws.conn.execute("UPDATE sources SET url = ?, author = ?, published_at = ? WHERE id = ?",
                        ("https://diario.example/paro", "Ana Ruiz", "2024-04-02T08:00:00Z", sid))
    c = ws.add_claim(sid, 0, len(text), status="false", note="El INE da 12,1 %.")
    md = render(ws, "md")
    assert "1. El paro baja · Diario Uno · Ana Ruiz · https://diario.example/paro · 2024-04-02 · es · paro.txt" in md
    doc = json.loads(render(ws, "json"))
    assert doc["sources"][0]["url"] == "https://diario.example/paro" and doc["sources"][0]["path"] == "paro.txt"
    [review] = json.loads(render(ws, "claimreview"))
    assert review["itemReviewed"]["appearance"]["url"] == "https://diario.example/paro"
    assert review["itemReviewed"]["author"]["name"] == "Ana Ruiz"
    assert review["itemReviewed"]["datePublished"] == "2024-04-02T08:00:00Z"
    art = json.loads(render(ws, "ftm").splitlines()[0])
    assert art["properties"]["sourceUrl"] == ["https://diario.example/paro"]
    assert art["properties"]["author"] == ["Ana Ruiz"] and art["properties"]["fileName"] == ["paro.txt"]
    # a claim's pages (engineer i19's computed field) show where the source has a page map
    from workbench.evidence import bundle as bundle_mod
    from workbench.evidence.markdown import render_markdown

    b = bundle_mod.load_bundle(ws)
    b.claims[0].pages = "4-5"  # type: ignore[attr-defined]
    assert "#### Claim 1 · false · source [1], pp. 4-5" in render_markdown(b)
    assert c.id in md
    ws.close()


def test_matrix_is_bounded_and_linear(tmp_path, monkeypatch):
    import workbench.evidence.markdown as mdmod

    ws = Workspace(tmp_path / "ws.db")
    ids = []
    for i in range(12):
        sid = _source(ws, f"Fuente {i}: el puerto movió {i} millones de toneladas en 2023.", f"f{i}.txt", f"F{i}")
        ids.append(ws.add_claim(sid, 0, 9).id)
    for other in ids[1:]:  # one group citing 12 sources: more columns than a table holds
        ws.link_claims(other, ids[0], "corroborates")
    md = render(ws, "md")
    assert "| Claim |" not in md and "1 more groups of linked claims (12 claims, 11 corroborating" in md
    monkeypatch.setattr(mdmod, "MATRIX_COLUMNS", 20)
    md = render(ws, "md")
    rows = [ln for ln in md.splitlines() if ln.startswith("| ") and not ln.startswith("| Claim")]
    assert len(rows) == 12 and all(ln.count("|") == 14 for ln in rows)
    monkeypatch.setattr(mdmod, "MATRIX_ROWS", 5)
    assert "| Claim |" not in render(ws, "md")
    ws.close()


# -- ClaimReview -----------------------------------------------------------------------------------
def _schema_org_loader(url, options=None):
    """schema.org's context maps every term into its vocabulary; nothing is fetched in tests."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": "http://schema.org/"}}}


def test_claimreview_expands_with_googles_required_fields(seeds10, monkeypatch):
    from pyld import jsonld

    ws, made = seeds10
    monkeypatch.setenv("WORKBENCH_ORG", "Verifica Lab")
    monkeypatch.setenv("WORKBENCH_ORG_URL", "https://verifica.example")
    reviews = json.loads(render(ws, "claimreview"))
    graded = [c for c in made if c.status != "unverified"]
    assert len(reviews) == len(graded) >= 5
    by_id = {c.id: c for c in made}
    S = "http://schema.org/"
    for r in reviews:
        [node] = jsonld.expand(r, {"documentLoader": _schema_org_loader})
        assert node["@type"] == [S + "ClaimReview"]
        for prop in ("claimReviewed", "reviewRating", "url", "author", "datePublished", "itemReviewed"):
            assert node.get(S + prop), prop
        [rating] = node[S + "reviewRating"]
        assert rating[S + "alternateName"][0]["@value"] in ("True", "False", "Disputed", "Unproven")
        assert {rating[S + k][0]["@value"] for k in ("bestRating", "worstRating")} == {5, 1}
        [author] = node[S + "author"]
        assert author["@type"] == [S + "Organization"] and author[S + "name"][0]["@value"] == "Verifica Lab"
        [item] = node[S + "itemReviewed"]
        assert item["@type"] == [S + "Claim"] and item[S + "appearance"]
        c = by_id[r["@id"].removeprefix("urn:uuid:")]
        assert r["claimReviewed"] == " ".join(c.quote.split())
        assert r["url"] == f"https://verifica.example#claim-{c.id}"
        assert {p["name"] for p in r["contributor"]} == {"tester"}
    mapping = {"supported": "True", "false": "False", "disputed": "Disputed"}
    for r in reviews:
        c = by_id[r["@id"].removeprefix("urn:uuid:")]
        assert r["reviewRating"]["alternateName"] == mapping[c.status]


# -- FollowTheMoney ---------------------------------------------------------------------------------
def _ftm_workspace(tmp_path) -> tuple[Workspace, dict]:
    ws = Workspace(tmp_path / "ws.db")
    text = "Elon Musk visitó Atlanta con ejecutivos de Nvidia para hablar del Model Y."
    sid = _source(ws, text, "/srv/data/a.txt", "Musk en Atlanta")
    ents = {}
    with ws.tx():
        for name, label in (("Elon Musk", "PER"), ("Atlanta", "LOC"), ("Nvidia", "ORG"), ("Model Y", "MISC")):
            ents[name] = ws.create_entity(name, label)
            i = text.index(name)
            ws.add_mentions(sid, [(ents[name], i, i + len(name), name, "model")])
    ws.add_claim(sid, 0, 24, entity_ids=[ents["Elon Musk"], ents["Atlanta"]], status="supported", note="Confirmado.")
    ws.add_claim(sid, 25, len(text), entity_ids=[ents["Nvidia"], ents["Model Y"]], note="Pendiente de fuente.",
                 tags=["visita"])
    return ws, ents


def test_ftm_every_linked_entity_valid_and_through_a_real_store(tmp_path):
    from followthemoney import Dataset, StatementEntity, model
    from ftmq.store import get_store

    ws, ents = _ftm_workspace(tmp_path)
    out = tmp_path / "ws-evidence.ftm.jsonl"
    r = run_cli("export", "--format", "ftm", "--mentions", "-o", str(out), db=Path(ws.path))
    assert r.returncode == 0, r.stderr
    stdout = run_cli("export", "--format", "ftm", "--mentions", "-o", "-", db=Path(ws.path)).stdout
    assert stdout == out.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in stdout.splitlines()]
    schemas = {}
    for e in lines:
        model.get(e["schema"]).validate(e)
        model.get_proxy(e, cleaned=False)
        schemas.setdefault(e["schema"], []).append(e)
    assert {e["properties"]["name"][0] for e in schemas["Person"] + schemas["Organization"] + schemas["Address"]} == \
        {"Elon Musk", "Nvidia", "Atlanta"}
    assert len(schemas["Mention"]) == 3  # MISC left out, its name kept as a keyword
    assert any("Model Y" in n["properties"].get("keywords", []) for n in schemas["Note"])
    assert "/srv/data" not in stdout
    ds = Dataset.make({"name": "wb", "title": "wb"})
    store = get_store(f"sqlite:///{tmp_path / 'ftm.db'}", dataset="wb")
    with store.writer() as w:
        for e in lines:
            w.add_entity(StatementEntity.from_data(ds, e))
    back = {e.id: e for e in store.iterate()}
    assert set(back) == {e["id"] for e in lines}
    notes = [e for e in back.values() if e.schema.name == "Note"]
    assert sorted(n.first("notes") for n in notes) == ["Confirmado.", "Pendiente de fuente."]
    ws.close()


# -- filters -----------------------------------------------------------------------------------------
def test_export_filters_and_cited_only(seeds10):
    ws, made = seeds10
    db = Path(ws.path)
    doc = json.loads(run_cli("export", "--status", "false", "--status", "disputed", db=db).stdout)
    assert {a["body"][0]["value"] for a in doc["first"]["items"]} == {"false", "disputed"}
    cited = {ws.get_claim(a["id"][9:]).source_id for a in doc["first"]["items"]}
    assert {s["source_id"] for s in doc["sources"]} == cited
    doc = json.loads(run_cli("export", "--tag", "empresas", "--source", "1", db=db).stdout)
    assert all("empresas" in [b["value"] for b in a["body"] if b["purpose"] == "tagging"] for a in doc["first"]["items"])
    assert {s["source_id"] for s in doc["sources"]} <= {1}
    doc = json.loads(run_cli("export", "--tag", "empresas", "--all", db=db).stdout)
    assert len(doc["sources"]) == 5 and len(doc["entities"]) == len(ws.list_entities())
    md = run_cli("export", "--format", "md", "--tag", "nada", db=db).stdout
    assert "No claims match." in md
    r = run_cli("export", "--source", "99", db=db)
    assert r.returncode == 1 and r.stderr.startswith("error:") and r.stderr.count("\n") == 1


# -- who did what, across two workspaces -------------------------------------------------------------
def test_two_workspaces_exchange_evidence_both_ways(tmp_path):
    text = "La empresa anunció 300 despidos en Lisboa. El sindicato habla de 500."
    dbs = {}
    for name in ("ana", "rui"):
        ws = Workspace(tmp_path / f"{name}.db")
        _source(ws, text, f"/home/{name}/news/lisboa.txt", "Despidos")
        ws.close()
        dbs[name] = tmp_path / f"{name}.db"
    as_ana, as_rui = {"WORKBENCH_AUTHOR": "ana"}, {"WORKBENCH_AUTHOR": "rui"}
    cid = run_cli("claim", "add", "--source", "1", "--quote", "300 despidos", "--tag", "cifras", db=dbs["ana"],
                  env=as_ana).stdout.strip()
    out_a = tmp_path / "ana.json"
    assert run_cli("export", "-o", str(out_a), db=dbs["ana"], env=as_ana).returncode == 0
    r = run_cli("import", str(out_a), db=dbs["rui"], env=as_rui)
    assert r.returncode == 0, r.stdout + r.stderr
    [c] = json.loads(run_cli("claims", "--json", db=dbs["rui"]).stdout)
    assert c["created_by"] == "ana" and c["id"] == cid
    # rui grades ana's claim and adds his own; ana meanwhile notes hers
    assert run_cli("claim", "edit", cid, "--status", "disputed", db=dbs["rui"], env=as_rui).returncode == 0
    rid = run_cli("claim", "add", "--source", "1", "--quote", "500", db=dbs["rui"], env=as_rui).stdout.strip()
    assert run_cli("claim", "edit", cid, "--note", "llamar al sindicato", db=dbs["ana"], env=as_ana).returncode == 0
    out_r = tmp_path / "rui.json"
    assert run_cli("export", "-o", str(out_r), db=dbs["rui"], env=as_rui).returncode == 0
    doc = json.loads(out_r.read_text())
    item = next(a for a in doc["first"]["items"] if a["id"] == f"urn:uuid:{cid}")
    assert item["creator"] == {"type": "Person", "name": "ana"}
    assert item["body"][0]["creator"] == {"type": "Person", "name": "rui"}
    r = run_cli("import", str(out_r), db=dbs["ana"], env=as_ana)
    assert r.returncode == 1 and f"claim {cid}: conflict (status, note differ); yours kept" in r.stdout
    claims = {c["id"]: c for c in json.loads(run_cli("claims", "--json", db=dbs["ana"]).stdout)}
    assert claims[rid]["created_by"] == "rui"  # his new claim came in, with his name
    assert claims[cid]["status"] == "unverified" and claims[cid]["note"] == "llamar al sindicato"
    log = json.loads(run_cli("log", "--json", db=dbs["ana"]).stdout)
    conflict = next(h for h in log if h["action"] == "evidence.conflict")
    assert "yours kept" in conflict["summary"] and conflict["author"] == "ana"
    assert (conflict["ours"]["status"], conflict["theirs"]["status"]) == ("unverified", "disputed")
    assert conflict["theirs"]["status_by"] == "rui" and conflict["ours"]["note"] == "llamar al sindicato"
    r = run_cli("import", "--theirs", str(out_r), db=dbs["ana"], env=as_ana)
    assert r.returncode == 0 and "theirs taken" in r.stdout
    claims = {c["id"]: c for c in json.loads(run_cli("claims", "--json", db=dbs["ana"]).stdout)}
    assert (claims[cid]["status"], claims[cid]["status_by"], claims[cid]["created_by"]) == ("disputed", "rui", "ana")


def test_an_import_never_moves_or_hijacks_a_claim(tmp_path):
    ws = Workspace(tmp_path / "ws.db")
    a = _source(ws, "Primera fuente con la cifra de 300 despidos.", "a.txt", "A")
    b = _source(ws, "Segunda fuente: 300 despidos y nada más.", "b.txt", "B")
    c = ws.add_claim(a, 31, 43, status="supported")
    out = tmp_path / "e.json"
    out.write_text(render(ws, "json"))
    doc = json.loads(out.read_text())
    item = doc["first"]["items"][0]
    item["target"]["source"] = f"urn:sha256:{ws.get_source(b).sha256}"
    item["target"]["selector"][1].update(start=17, end=29)
    item["modified"] = "zzzz"
    out.write_text(json.dumps(doc))
    r = run_cli("import", str(out), db=Path(ws.path))
    assert r.returncode == 1 and "'modified' is not an ISO-8601 date-time" in r.stderr
    item["modified"] = "9999-01-01T00:00:00Z"
    out.write_text(json.dumps(doc))
    assert "in the future" in run_cli("import", str(out), db=Path(ws.path)).stderr
    item["modified"] = item["created"]
    item["body"][0]["value"] = "false"
    out.write_text(json.dumps(doc))
    r = run_cli("import", "--theirs", str(out), db=Path(ws.path))
    assert r.returncode == 1 and "never moves a claim" in r.stdout
    got = ws.get_claim(c.id)
    assert (got.source_id, got.start, got.status) == (a, 31, "supported")
    ws.close()


PLAIN = ["Espera-se 10.000 em 2024. Fim", "a [nota] y a* b *c", "x_y_z &foo; 5 * 3", "línea\n2024. año\n1. uno\n===\n+",
         "C:\\dir", "<3 y 4 > 2", "*em* y _eco_", "[x](http://evil.example)", "| a | b |\n|---|---|", "&amp;", "# no"]


@pytest.mark.parametrize("text", [*HOSTILE, *PLAIN])
def test_escapes_are_sufficient_and_needed(text):
    """Rendered, the escaped text is the text.  Past the constructs that pair (where escaping one
    side is the choice), every backslash is needed: without it the rendering changes."""
    from workbench.evidence.markdown import blockquote, escape

    for md in ("Note: " + escape(text), blockquote(text)):
        html = MD.render(md)
        if text in PLAIN:
            for m in re.finditer(r"\\", md):
                if md[m.start() - 1:m.start()] == "\\":
                    continue
                assert MD.render(md[:m.start()] + md[m.end():]) != html, (md, m.start())
        flat = html_lib.unescape(re.sub(r"</?(p|blockquote)>", "", html))
        assert " ".join(flat.split()).removeprefix("Note: ") == " ".join(text.split())
