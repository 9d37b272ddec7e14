"""Export: the JSON evidence file against its schema, the Markdown report rendered, FtM validated."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import jsonschema
import pytest

from workbench.evidence.export import atomic_write, render
from workbench.evidence.markdown import escape

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "evidence.schema.json").read_text())
INJECT = ("# Titular falso\n<img src=x onerror=alert(1)>\n[pincha](http://evil.example) ![i](http://evil.example/i.png)\n"
          "    código\n```\n| a | b |\n|---|---|\n1. uno\n- dos\n> cita\n===\n&amp; *grito* <https://evil.example> "
          "www.evil.example user@evil.example")
TEXT_A = "Elon Musk dijo que Twitter ha comprado unas 10.000 GPU para un proyecto de IA. " + INJECT + " Fin del texto."
TEXT_B = "O Twitter comprou cerca de 10 mil GPUs, disse Elon Musk. A empresa não confirmou a compra. 🙂 e\u0301 fim."
TEXT_C = "Twitter non ha comprato GPU, secondo un portavoce. Elon Musk non ha commentato."


def validate_evidence(doc: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)


def _insert(ws, text, path, lang, title):
    return ws.insert_source(sha256=hashlib.sha256(text.encode()).hexdigest(), path=path, title=title,
                            outlet="Diario <i>X</i>", lang=lang, lang_detected=lang, text=text)


def build(ws) -> dict[str, str]:
    """Three sources, entities with mentions, tagged / linked / orphaned claims.  Returns claim ids."""
    with ws.tx():
        a = _insert(ws, TEXT_A, "es/a.txt", "es", "# <script>alert(1)</script> [x](http://evil.example)")
        b = _insert(ws, TEXT_B, "pt/b.txt", "pt", "Compra de GPUs")
        c = _insert(ws, TEXT_C, "it/c.txt", "it", "Smentita")
        musk = ws.create_entity("Elon Musk", "PER", ["Musk"])
        tw = ws.create_entity("Twitter", "ORG")
        gpu = ws.create_entity("GPU", "MISC")
        for sid, text in ((a, TEXT_A), (b, TEXT_B), (c, TEXT_C)):
            for eid, word in ((musk, "Elon Musk"), (tw, "Twitter"), (gpu, "GPU")):
                i = text.find(word)
                if i >= 0:
                    ws.add_mentions(sid, [(eid, i, i + len(word), word, "model")])
    q1 = "Twitter ha comprado unas 10.000 GPU"
    c1 = ws.add_claim(a, TEXT_A.index(q1), TEXT_A.index(q1) + len(q1), tags=["gpu", "compra"], status="supported",
                      note="Nota con [enlace](http://evil.example) y <b>html</b>", entity_ids=[musk, tw])
    q2 = "O Twitter comprou cerca de 10 mil GPUs"
    c2 = ws.add_claim(b, 0, len(q2), tags=["gpu"], entity_ids=[tw])
    q3 = "Twitter non ha comprato GPU"
    c3 = ws.add_claim(c, 0, len(q3), status="disputed", entity_ids=[tw, gpu])
    c4 = ws.add_claim(a, TEXT_A.index("# Titular"), TEXT_A.index(" Fin del texto."), tags=["inyección"])
    c5 = ws.add_claim(b, TEXT_B.index("🙂"), TEXT_B.index(" fim."))
    c6 = ws.add_claim(c, 0, 10)
    ws.link_claims(c2.id, c1.id, "corroborates")
    ws.link_claims(c3.id, c1.id, "contradicts")
    gone = "Twitter ya no existe"
    with ws.tx():  # what a claim looks like after its source changed and the quote vanished
        ws.conn.execute("UPDATE claims SET quote = ?, end = start + ?, orphaned = 1 WHERE id = ?",
                        (gone, len(gone), c6.id))
    return {"c1": c1.id, "c2": c2.id, "c3": c3.id, "c4": c4.id, "c5": c5.id, "c6": c6.id}


@pytest.fixture
def ws(tmp_path):
    from workbench.store import Workspace

    w = Workspace(tmp_path / "ws.db")
    w.ids = build(w)
    yield w
    w.close()


# -- JSON ---------------------------------------------------------------------------------------
def test_json_export_is_valid_web_annotation(ws):
    doc = json.loads(render(ws, "json"))
    validate_evidence(doc)
    assert doc["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert "code points" in doc["positions"]
    items = {a["id"].removeprefix("urn:uuid:"): a for a in doc["first"]["items"]}
    assert doc["total"] == len(items) == 6
    a1 = items[ws.ids["c1"]]
    quote_sel, pos_sel = a1["target"]["selector"]
    src = ws.get_source(1)
    assert a1["target"]["source"] == f"urn:sha256:{src.sha256}"
    assert TEXT_A[pos_sel["start"]:pos_sel["end"]] == quote_sel["exact"] == "Twitter ha comprado unas 10.000 GPU"
    assert quote_sel["prefix"] == TEXT_A[max(0, pos_sel["start"] - 32):pos_sel["start"]]
    purposes = [(b["purpose"], b.get("value") or b.get("source")) for b in a1["body"]]
    assert ("assessing", "supported") in purposes and ("tagging", "gpu") in purposes
    assert ("identifying", "urn:workbench:entity:1") in purposes
    assert ("commenting", "Nota con [enlace](http://evil.example) y <b>html</b>") in purposes
    links = [b for b in items[ws.ids["c2"]]["body"] if b["purpose"] == "linking"]
    assert links == [{"type": "SpecificResource", "purpose": "linking", "source": f"urn:uuid:{ws.ids['c1']}",
                      "relation": "corroborates"}]
    assert items[ws.ids["c6"]]["orphaned"] is True and items[ws.ids["c5"]]["orphaned"] is False
    assert {e["name"]: e["aliases"] for e in doc["entities"]}["Elon Musk"] == ["Musk"]


def test_json_positions_are_code_points(ws):
    doc = json.loads(render(ws, "json"))
    a5 = next(a for a in doc["first"]["items"] if a["id"].endswith(ws.ids["c5"]))
    q, p = a5["target"]["selector"]
    assert p["end"] - p["start"] == len(q["exact"]) == len("🙂 e\u0301")


def test_empty_workspace_exports_valid_files(tmp_path):
    from workbench.store import Workspace

    w = Workspace(tmp_path / "empty.db")
    validate_evidence(json.loads(render(w, "json")))
    assert "No claims yet" in render(w, "md")
    assert render(w, "ftm") == ""
    w.close()


def test_schema_rejects_broken_files(ws):
    doc = json.loads(render(ws, "json"))
    doc["first"]["items"][0]["target"]["selector"][1]["start"] = "12"
    with pytest.raises(jsonschema.ValidationError):
        validate_evidence(doc)


# -- Markdown -----------------------------------------------------------------------------------
def _tokens(md: str):
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    out = []

    def walk(tokens):
        for t in tokens:
            out.append(t)
            walk(t.children or [])

    walk(parser.parse(md))
    return out, parser.render(md)


def test_markdown_structure_holds_against_injection(ws):
    md = render(ws, "md")
    tokens, html = _tokens(md)
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_block", "html_inline", "link_open", "image", "fence", "code_block", "s_open"}
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["Evidence brief", "Claims", "Supported (1)", "Claim 1 · supported · source [1]",
                        "Disputed (1)", "Claim 2 · disputed · source [2]", "Unverified (4)",
                        "Claim 3 · unverified · source [1]", "Claim 4 · unverified · source [3]",
                        "Claim 5 · unverified · source [3]", "Claim 6 · unverified · source [2]",
                        "Evidence matrix", "Entities", "Sources"]
    # the injected text is there, as text
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "[pincha](http://evil.example)" in html
    assert "# &lt;script&gt;alert(1)&lt;/script&gt; [x](http://evil.example)" in html
    # one blockquote per claim: each claim appears once; one table (the matrix)
    assert sum(t.type == "blockquote_open" for t in tokens) == 6
    assert sum(t.type == "table_open" for t in tokens) == 1


def test_markdown_report_content(ws):
    md = render(ws, "md")
    assert "- Claims: 6 (1 supported, 1 disputed, 4 unverified), 1 orphaned" in md
    assert "Corroborated by [3]; contradicted by [2]." in md
    assert "| 1 | quoted here | linked: contradicts | linked: supports |" in md
    assert "- Elon Musk (PER) · also: Musk · claims 1 · mentioned in [1], [2], [3]" in md
    assert f"sha256 `{ws.get_source(2).sha256}`" in md
    assert "es/a.txt" not in md and " a.txt · sha256" in md  # the file name, never its folders
    # the passages are not indexed yet: an export does not index them (a long job), it says so
    assert "| 2 | linked: contradicts | quoted here | not searched |" in md
    from workbench.evidence.corroborate import ensure_index

    ensure_index(ws)
    md = render(ws, "md")
    assert "| 2 | linked: contradicts | quoted here | found by corroboration, not yet confirmed |" in md


def test_markdown_of_a_huge_workspace_is_not_searched_by_a_cold_process(ws, monkeypatch):
    """Reading every passage's signature first would cost more than the whole search budget on a
    workspace of millions of passages: a process that has not searched it yet leaves the cells
    "not searched"; one that has (the TUI) searches as before."""
    from workbench.evidence import dense, export
    from workbench.evidence.corroborate import ensure_index

    ensure_index(ws)
    monkeypatch.setattr(export, "COLD_PASSAGES", 1)  # this small workspace counts as huge
    monkeypatch.setattr(dense, "_CACHE", {})         # and this process as cold
    assert "| 2 | linked: contradicts | quoted here | not searched |" in render(ws, "md")
    dense._signatures(ws)  # the process has searched it once
    md = render(ws, "md")
    assert "| 2 | linked: contradicts | quoted here | found by corroboration, not yet confirmed |" in md


def test_markdown_without_links_has_no_matrix(tmp_path):
    from workbench.store import Workspace

    w = Workspace(tmp_path / "w.db")
    with w.tx():
        _insert(w, TEXT_B, "b.txt", "pt", "B")
    w.add_claim(1, 0, 9, tags=["x"])
    assert "Evidence matrix" not in render(w, "md")
    w.close()


@pytest.mark.parametrize("text", ["# h", "*a*", "[a](b)", "<b>", "`x`", "1. x", "- x", "a\nb", "&amp;", "\\*",
                                  "| a |", "~~s~~", "![i](u)", "http://x.y", "a_b_c", "5 * 3", "10.000", "C:\\dir"])
def test_escape_renders_as_the_same_plain_text(text):
    """Inline text goes after our own prefix ("- Note: "); quote lines go into a block quote."""
    import html as html_lib

    from markdown_it import MarkdownIt

    from workbench.evidence.markdown import blockquote

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    inner = md.render("Note: " + escape(text)).removeprefix("<p>Note: ").removesuffix("</p>\n")
    assert html_lib.unescape(inner) == " ".join(text.split())
    quoted = md.render(blockquote(text))
    assert quoted.startswith("<blockquote>\n<p>") and quoted.count("<") == 4
    assert html_lib.unescape(quoted.removeprefix("<blockquote>\n<p>").removesuffix("</p>\n</blockquote>\n")
                             ).replace("\n", " ") == " ".join(text.split())


def test_escapes_are_only_where_needed():
    assert escape("Espera-se 10.000 em /tmp/x/000_d98.txt") == "Espera-se 10.000 em /tmp/x/000_d98.txt"
    assert escape("*grito* y _eco_") == "\\*grito* y \\_eco_"  # an escaped opener is enough
    assert escape("a [b] c") == "a [b] c" and escape("a [b](c)") == "a \\[b](c)"
    assert escape("a* b *c") == "a* b *c" and escape("&foo; &amp;") == "&foo; \\&amp;"
    assert escape("x < y > z") == "x < y > z" and escape("<b>x</b>") == "\\<b>x\\</b>"


# -- FollowTheMoney -----------------------------------------------------------------------------
def test_ftm_entities_are_valid(ws):
    from followthemoney import model

    lines = render(ws, "ftm").splitlines()
    ents = [json.loads(line) for line in lines]
    ids = {e["id"] for e in ents}
    assert len(ids) == len(ents)
    for e in ents:
        schema = model.get(e["schema"])
        assert schema is not None and not schema.abstract
        assert schema.validate(e) is None
        for prop, values in e["properties"].items():
            p = schema.get(prop)
            assert p is not None, (e["schema"], prop)
            for v in values:
                assert p.type.clean(v) is not None, (prop, v)
                if p.type.name == "entity":
                    assert v in ids, (prop, v)
        model.get_proxy(e, cleaned=False)
    by_schema: dict[str, int] = {}
    for e in ents:
        by_schema[e["schema"]] = by_schema.get(e["schema"], 0) + 1
    # 3 articles, Musk + Twitter (GPU is MISC: left out), 6 notes, Documentation per PER/ORG claim link
    assert by_schema == {"Article": 3, "Person": 1, "Organization": 1, "Note": 6, "Documentation": 4}
    note = next(e for e in ents if e["id"] == f"wb-note-{ws.ids['c1']}")
    assert note["properties"]["description"] == ["Twitter ha comprado unas 10.000 GPU"]
    assert set(note["properties"]["entity"]) >= {f"wb-article-{ws.get_source(1).sha256}", "wb-entity-1", "wb-entity-2"}


# -- writing files ------------------------------------------------------------------------------
def test_atomic_write_replaces_whole_file(tmp_path):
    out = tmp_path / "e.json"
    out.write_text("old")
    atomic_write(out, "new content")
    assert out.read_text() == "new content"
    assert [p.name for p in tmp_path.iterdir()] == ["e.json"]


def test_cli_export_to_file_and_bad_folder(cli, tmp_path):
    from workbench.store import Workspace

    w = Workspace(tmp_path / "ws.db")
    build(w)
    w.close()
    out = tmp_path / "out" / "evidence.json"
    r = cli("export", "--format", "json", "-o", str(out), db=tmp_path / "ws.db")
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "does not exist" in r.stderr
    assert not out.parent.exists()
    out.parent.mkdir()
    r = cli("export", "-o", str(out), db=tmp_path / "ws.db")
    assert r.returncode == 0, r.stderr
    validate_evidence(json.loads(out.read_text()))
    r = cli("export", "--format", "md", db=tmp_path / "ws.db")
    assert r.returncode == 0 and r.stdout.startswith("# Evidence brief")
    if os.geteuid() != 0:  # root can write anywhere
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        r = cli("export", "-o", str(ro / "x.md"), "--format", "md", db=tmp_path / "ws.db")
        assert r.returncode == 1 and "not writable" in r.stderr and not any(ro.iterdir())
