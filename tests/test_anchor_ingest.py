"""Re-ingesting a changed file keeps its claims: re-anchored, or orphaned and shown (real CLI)."""

from __future__ import annotations

import json

TEXT = ("Madrid, 3 de mayo.\n\nEl ayuntamiento aprobó ayer un presupuesto de 12 millones de euros para el nuevo "
        "puente, según fuentes municipales. La obra empezará en junio.\n\nLa oposición votó en contra.")


def test_reingest_changed_file_reanchors_claims(cli, tmp_path):
    db = tmp_path / "ws.db"
    art = tmp_path / "noticia.txt"
    art.write_text(TEXT, encoding="utf-8")
    assert cli("ingest", "-q", str(art), db=db).returncode == 0
    keep = cli("claim", "add", "--source", "1", "--quote", "un presupuesto de 12 millones de euros", db=db)
    fuzzy = cli("claim", "add", "--source", "1", "--quote", "La obra empezará en junio.", db=db)
    gone = cli("claim", "add", "--source", "1", "--quote", "La oposición votó en contra.", db=db)
    ids = [r.stdout.strip() for r in (keep, fuzzy, gone)]
    assert all(len(i) == 36 for i in ids), (keep.stderr, fuzzy.stderr, gone.stderr)
    # a new version: a paragraph added on top, a typo fixed, the last sentence removed
    art.write_text("Actualización: añade declaraciones.\n\n" + TEXT.replace("empezará en junio", "empezara en junio")
                   .replace("\n\nLa oposición votó en contra.", "\n\nEl alcalde celebró el acuerdo."), encoding="utf-8")
    r = cli("ingest", "-q", str(art), db=db)
    assert r.returncode == 0, r.stderr
    claims = {c["id"]: c for c in json.loads(cli("claims", "--json", db=db).stdout)}
    assert len(claims) == 3  # nothing lost
    assert claims[ids[0]]["quote"] == "un presupuesto de 12 millones de euros" and not claims[ids[0]]["orphaned"]
    assert claims[ids[1]]["quote"] == "La obra empezara en junio." and not claims[ids[1]]["orphaned"]
    assert claims[ids[2]]["orphaned"] and claims[ids[2]]["quote"] == "La oposición votó en contra."
    r = cli("claims", db=db, env={"COLUMNS": "200"})
    assert "orphaned" in r.stdout
