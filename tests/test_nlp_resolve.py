"""Entity resolution: the merges the product must make, and the ones it must refuse."""

from __future__ import annotations

import pytest

from workbench.nlp.resolve import Resolver, name_key, same_entity


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Igor Babuschkin", "Igor Babushkin"),
        ("Nvidia", "NVIDIA"),
        ("Open AI", "OpenAI"),
        ("SpaceX", "Space X"),
        ("Twitter", "Twitter Inc"),
        ("Telefónica S.A.", "Telefonica"),
    ],
)
def test_merges(a: str, b: str) -> None:
    assert same_entity(a, b)
    assert same_entity(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Twitter", "Twitter Spaces"),
        ("Twitter", "Twitter Circle"),
        ("Twitter Spaces", "Twitter Circle"),
        ("Google", "Google Fiber"),
        ("SpaceX", "X"),
        ("Ministerio de Hacienda", "Ministro de Hacienda"),
        ("Windows 10", "Windows 11"),
    ],
)
def test_keeps_apart(a: str, b: str) -> None:
    assert not same_entity(a, b)
    assert not same_entity(b, a)


def test_name_key() -> None:
    assert name_key("El Corte Inglés") == "corteingles"
    assert name_key("Twitter, Inc.") == "twitter"
    assert name_key("ＮＶＩＤＩＡ") == "nvidia"  # NFKC
    assert name_key("Coca-Cola") == name_key("Coca Cola") == "cocacola"
    assert name_key("Banco de España") == "bancoespana"
    assert name_key("S.A.") == "sa"  # never empty


def test_resolver_existing_and_new_groups() -> None:
    r = Resolver([(1, "ORG", ["Twitter"]), (2, "ORG", ["SpaceX"])])
    ds = r.resolve(
        [
            ("Twitter Inc", "ORG", 10),
            ("Space X", "ORG", 10),
            ("Twitter Spaces", "MISC", 10),
            ("Google", "ORG", 10),
            ("GOOGLE", "ORG", 11),
            ("Google Fiber", "MISC", 11),
            ("X", "ORG", 11),
        ]
    )
    assert [d.entity_id for d in ds[:2]] == [1, 2]
    assert ds[2].entity_id is None and ds[2].group is not None
    assert ds[3].group == ds[4].group
    assert len({ds[2].group, ds[3].group, ds[5].group, ds[6].group}) == 4


def test_lone_surname_within_one_source_only() -> None:
    r = Resolver([(7, "PER", ["Elon Musk"])])
    ds = r.resolve(
        [
            ("Igor Babuschkin", "PER", 1),
            ("Babuschkin", "PER", 1),
            ("Babuschkin", "PER", 2),  # another source: no full name there
            ("Musk", "PER", 1),
        ],
        source_names={1: [("Elon Musk", "PER")]},
    )
    assert ds[1].group == ds[0].group and ds[1].rule == "surname"
    assert ds[2].group != ds[0].group
    assert ds[3].entity_id == 7


def test_lone_surname_ambiguous_stays_alone() -> None:
    ds = Resolver().resolve([("Ana García", "PER", 1), ("Luis García", "PER", 1), ("García", "PER", 1)])
    assert len({d.group for d in ds}) == 3


def test_rejected_never_proposed() -> None:
    r = Resolver(rejected=["Sabe-se"])
    r.reject("Também")
    ds = r.resolve([("Sabe-se", "PER", 1), ("sabe se", "MISC", 2), ("TAMBÉM", "PER", 1), ("Lula", "PER", 1)])
    assert [d.rejected for d in ds] == [True, True, True, False]
    assert r.is_rejected("sabe-se")


def test_lookup_fuzzy_existing() -> None:
    r = Resolver([(3, "PER", ["Igor Babuschkin"])])
    assert r.lookup("Igor Babushkin", "PER") == 3
    assert r.lookup("Igor Babushkin", "ORG") is None
    assert r.lookup("Igor") is None


def test_bounded_resolver_decides_as_the_full_table_does(tmp_path) -> None:
    """With the workspace as its catalog the resolver holds only each batch's candidates (by key, a
    shared word, the same country), and decides exactly as with every entity in memory."""
    from workbench.store import Workspace

    ws = Workspace(tmp_path / "w.db")
    table = [("Elon Musk", "PER", ["Elon Musk"]), ("Twitter", "ORG", ["Twitter Inc"]),
             ("Supremo Tribunal Federal", "ORG", []), ("Italia", "LOC", []), ("Michel Temer", "PER", []),
             ("Igor Babuschkin", "PER", []), ("Temer", "PER", []), ("Google Fiber", "ORG", [])]
    filler = [(f"Zeta{i} Holdings", "ORG", []) for i in range(300)]
    with ws.conn:
        ws.create_entities(filler[:150] + table + filler[150:])
    full = Resolver([(eid, lab, al) for eid, lab, st, al in ws.entity_table()])
    bounded = Resolver(catalog=ws)
    names = [("Musk", "PER", 1), ("Elon Musk", "PER", 1), ("Twitter", "ORG", 1), ("Italy", "LOC", 1),
             ("Temer", "PER", 2), ("Igor Babushkin", "PER", 2), ("STF", "ORG", 2), ("Google", "ORG", 2),
             ("Nova Empresa", "ORG", 3), ("Twitter Spaces", "MISC", 3)]
    want = full.resolve(names)
    got = bounded.resolve(names)
    assert [(d.entity_id, d.group, d.rule) for d in got] == [(d.entity_id, d.group, d.rule) for d in want]
    assert got[3].entity_id is not None  # Italy -> Italia, found through the country's other names
    assert len(bounded._label) < 20  # only this batch's candidates are held, not the 308 entities
    ws.close()


def test_short_forms_of_institutions_and_places_join_their_full_name_in_one_source() -> None:
    ds = Resolver().resolve(
        [
            ("Supremo Tribunal Federal", "ORG", 1),
            ("Supremo", "ORG", 1),
            ("STF", "ORG", 1),
            ("Palácio do Planalto", "LOC", 1),
            ("Planalto", "LOC", 1),
            ("Ciudad de México", "LOC", 2),
            ("México", "LOC", 2),
            ("Google Fiber", "ORG", 2),
            ("Google", "ORG", 2),
            ("Planalto", "LOC", 3),  # another source: no full name there
        ]
    )
    assert ds[0].group == ds[1].group == ds[2].group
    assert ds[3].group == ds[4].group
    assert ds[5].group != ds[6].group  # a country is not the city named after it
    assert ds[7].group != ds[8].group  # a company is not its product


def test_country_code_of_team_gb_joins_britain() -> None:
    ds = Resolver([]).resolve([("GB", "LOC", 1), ("Britain", "LOC", 1), ("Regno Unito", "LOC", 2)])
    assert len({d.entity_id if d.entity_id is not None else d.group for d in ds}) == 1, ds


def test_multi_word_short_form_joins_its_known_full_name() -> None:
    """"Andrés Manuel" in a source whose only full name holding it, "Andrés Manuel López Obrador", is an
    entity already: the short form is that entity too (it used to start a new one)."""
    r = Resolver([(5, "PER", ["Andrés Manuel López Obrador"])])
    ds = r.resolve([("Andrés Manuel López Obrador", "PER", 3), ("Andrés Manuel", "PER", 3),
                    ("Ana García", "PER", 3)])
    assert ds[0].entity_id == 5 and ds[1].entity_id == 5
    assert ds[2].entity_id is None


def test_acronym_that_keeps_an_acronym_of_its_name_whole() -> None:
    ds = Resolver().resolve([("USA Track & Field", "ORG", 1), ("USATF", "ORG", 1), ("Portland", "LOC", 1)])
    assert ds[0].group == ds[1].group != ds[2].group


def test_a_sentence_start_glued_to_a_person_does_not_name_the_entity() -> None:
    """NER sometimes keeps a sentence's first word on a name ("Entregar Lula ...", "Discurso de
    Temer foi ..."): the group is still the person's, but it is named by the name itself."""
    ds = Resolver().resolve([("Lula", "PER", 1), ("Entregar Lula", "PER", 1), ("Lula", "PER", 1)])
    assert {d.canonical for d in ds} == {"Lula"}
    ds = Resolver().resolve([("Temer", "PER", 1), ("Michel Temer", "PER", 1)])
    assert {d.canonical for d in ds} == {"Michel Temer"}  # a real full name still names it


def test_a_bodys_acronym_is_no_persons_initials() -> None:
    """"PP" (a party) and "Paulo Paim" (a senator) in one article are two entities; a person's own
    acronym still joins ("FHC" / "Fernando Henrique Cardoso")."""
    ds = Resolver().resolve([("Paulo Paim", "PER", 1), ("PP", "ORG", 1)])
    assert ds[0].group != ds[1].group
    ds = Resolver().resolve([("Fernando Henrique Cardoso", "PER", 1), ("FHC", "PER", 1)])
    assert ds[0].group == ds[1].group


def test_a_generic_head_means_its_own_articles_body() -> None:
    """"Gobierno" means the Spanish government in one article and the Mexican one in the next: the
    second article's "Gobierno de México" does not join the entity "Gobierno" already holds, and its
    "Gobierno" goes with it (one 'Gobierno' entity held six governments on 2,000 corpus articles)."""
    r = Resolver([(1, "ORG", ["Gobierno de España", "Gobierno"])])
    ds = r.resolve([("Gobierno", "ORG", 2), ("Gobierno de México", "ORG", 2)])
    assert ds[1].entity_id is None and ds[0].entity_id is None and ds[0].group == ds[1].group
    assert ds[1].canonical == "Gobierno de México"
    # a name of its own still joins its fuller form across articles ("Labour" / "Labour Party")
    r = Resolver([(1, "ORG", ["Labour"])])
    ds = r.resolve([("Labour", "ORG", 2), ("Labour Party", "ORG", 2)])
    assert ds[0].entity_id == ds[1].entity_id == 1


def test_a_company_is_not_its_product_whatever_the_products_last_word() -> None:
    """"Office" heads organisations ("Foreign Office"), but "Microsoft Office" is Microsoft's product;
    "Supremo" / "Supremo Tribunal Federal" is one body."""
    ds = Resolver().resolve([("Microsoft", "ORG", 1), ("Microsoft Office", "ORG", 1)])
    assert ds[0].group != ds[1].group
    ds = Resolver().resolve([("Supremo Tribunal Federal", "ORG", 1), ("Supremo", "ORG", 1)])
    assert ds[0].group == ds[1].group


def test_an_article_in_capitals_before_a_name_is_an_acronym() -> None:
    """Portuguese "as" and Spanish "la" are articles, but "AS Roma" (a club) is not the city of Rome
    and "LA Times" not "The Times"; a headline in capitals keeps its article out ("O GLOBO")."""
    assert name_key("AS Roma") != name_key("Roma") and name_key("LA Times") != name_key("The Times")
    assert name_key("O GLOBO") == name_key("O Globo") == name_key("Globo")
    assert not same_entity("AS Roma", "Roma")


def test_a_place_code_expands_to_a_place_and_an_acronym_is_no_country_name() -> None:
    """"GB" (a place) and "Gelete Burka" (an athlete the model left MISC) in one article are two
    entities; "IRA" is not "Irã" (Iran in Portuguese) once the accents are folded."""
    from workbench.nlp.names import concept_key

    ds = Resolver().resolve([("Gelete Burka", "MISC", 1), ("GB", "LOC", 1)])
    assert ds[0].group != ds[1].group
    assert concept_key("IRA") is None and concept_key("Irã") == concept_key("Iran") == concept_key("Irán")
    assert concept_key("UK") == concept_key("GB") == concept_key("Great Britain")


def test_an_acronym_that_already_spells_another_body_means_this_articles_body() -> None:
    """"CNE" spelled "Centro Nacional de Epidemiología" in an earlier article; an article that spells
    it "Consejo Nacional Electoral" is about another body: the two are not merged, and this article's
    "CNE" goes with its own expansion.  A known expansion still joins its acronym."""
    r = Resolver([(1, "ORG", ["Centro Nacional de Epidemiología", "CNE"])])
    ds = r.resolve([("Consejo Nacional Electoral", "ORG", 2), ("CNE", "ORG", 2)])
    assert ds[0].entity_id is None and ds[1].entity_id is None and ds[0].group == ds[1].group
    r = Resolver([(1, "ORG", ["CNE"])])  # met alone before: this article says what it is
    ds = r.resolve([("Consejo Nacional Electoral", "ORG", 2), ("CNE", "ORG", 2)])
    assert ds[0].entity_id == ds[1].entity_id == 1


def test_a_lone_name_is_first_the_person_its_own_article_names_in_full() -> None:
    """"Batista" is an alias of Joesley Batista from earlier articles; in an article about Eike
    Batista the lone "Batista" is Eike.  "Lula" inside "Marisa Letícia Lula da Silva" (neither her
    first name nor her surname) stays Lula."""
    r = Resolver([(1, "PER", ["Joesley Batista", "Batista"])])
    ds = r.resolve([("Eike Batista", "PER", 2), ("Batista", "PER", 2)])
    assert ds[1].entity_id is None and ds[1].group == ds[0].group
    ds = r.resolve([("Joesley Batista", "PER", 3), ("Batista", "PER", 3)])
    assert ds[0].entity_id == ds[1].entity_id == 1  # its own article's Batista is Joesley
    r = Resolver([(1, "PER", ["Lula"]), (2, "PER", ["Marisa Letícia Lula da Silva"])])
    ds = r.resolve([("Marisa Letícia Lula da Silva", "PER", 3), ("Lula", "PER", 3)])
    assert ds[0].entity_id == 2 and ds[1].entity_id == 1


def test_a_full_name_met_after_its_short_form_joins_the_short_forms_entity() -> None:
    """"López Obrador" came in an earlier article: the full name in a later one is that person (rule 4
    the other way round), unless the short form is not the full name's last words or two people fit."""
    r = Resolver([(7, "PER", ["López Obrador", "Obrador"]), (8, "PER", ["Andrés Manuel"])])
    ds = r.resolve([("Andrés Manuel Lopez Obrador", "PER", 4)])
    assert ds[0].entity_id == 7
    r = Resolver([(8, "PER", ["Andrés Manuel"])])
    assert r.resolve([("Andrés Manuel López Obrador", "PER", 4)])[0].entity_id is None
    r = Resolver([(1, "PER", ["Maria Souza"])])  # not the last words: another person
    assert r.resolve([("Gloria Maria de Souza Rocha", "PER", 4)])[0].entity_id is None
    r = Resolver([(1, "PER", ["Inácio Lula da Silva"]), (2, "PER", ["Lula da Silva"])])
    assert r.resolve([("Luiz Inácio Lula da Silva", "PER", 4)])[0].entity_id is None  # two fit: none


def test_a_short_form_inside_nested_full_names_is_their_one_person() -> None:
    """"Peña" in a source that names "Enrique Peña Nieto" and "Peña Nieto": the two full names are one
    person, not two candidates that leave "Peña" alone; two different people still do."""
    ds = Resolver().resolve([("Enrique Peña Nieto", "PER", 1), ("Peña Nieto", "PER", 1), ("Peña", "PER", 1)])
    assert len({d.group for d in ds}) == 1, ds
    ds = Resolver().resolve([("Enrique Peña Nieto", "PER", 1), ("Paula Peña", "PER", 1), ("Peña", "PER", 1)])
    assert ds[2].group not in (ds[0].group, ds[1].group), ds


def test_a_company_and_its_name_with_group_or_stores_are_one_entity_whatever_their_labels() -> None:
    """"Altria Group" and "Altria" (labelled a person by mistake) in one source are one company; a
    product or a unit is not its maker ("Google Fiber", "Sony Pictures"), nor is a place its company."""
    ds = Resolver().resolve([("Altria Group", "ORG", 1), ("Altria", "PER", 1), ("Circuit City Stores", "ORG", 1),
                             ("Circuit City", "ORG", 1)])
    assert ds[0].group == ds[1].group and ds[2].group == ds[3].group and ds[0].group != ds[2].group, ds
    ds = Resolver().resolve([("Google Fiber", "ORG", 2), ("Google", "ORG", 2), ("Sony Pictures", "ORG", 2),
                             ("Sony", "ORG", 2), ("Madrid", "LOC", 2), ("Madrid Group", "ORG", 2)])
    assert len({d.group for d in ds}) == 6, ds


def test_a_surname_shouted_in_capitals_is_the_person_even_when_tagged_a_body() -> None:
    """A headline's "ANAYA" (the model says ORG) is the one person of the workspace, or of its own
    source, named in full with that surname; an acronym that is nobody's surname stays a body."""
    r = Resolver([(3, "PER", ["Ricardo Anaya"])])
    ds = r.resolve([("ANAYA", "ORG", 9), ("UNAM", "ORG", 9)])
    assert ds[0].entity_id == 3 and ds[1].entity_id is None, ds
    ds = Resolver().resolve([("Gonzalo Guillén", "PER", 4), ("GUILLÉN", "ORG", 4)])
    assert ds[0].group == ds[1].group, ds


def test_a_clubs_common_word_joins_its_full_name_in_one_source() -> None:
    """"United" (tagged MISC) in a source naming "Manchester United" is the club; a place that is
    also a club's second word is not ("Madrid" / "Real Madrid" left alone)."""
    ds = Resolver().resolve([("Manchester United", "ORG", 1), ("United", "MISC", 1), ("Real Madrid", "ORG", 1),
                             ("Madrid", "LOC", 1)])
    assert ds[0].group == ds[1].group and ds[2].group != ds[3].group, ds


def test_a_works_title_goes_by_its_first_or_last_word_in_one_source() -> None:
    """"Zika" / "Zika Virus", "Fockers" / "Meet The Fockers", "PlayStation" / "PlayStation 4" in one
    source are one thing each; a maker is not its product ("Google" / "Google Fiber")."""
    ds = Resolver().resolve([("Zika Virus", "MISC", 1), ("Zika", "MISC", 1), ("Meet The Fockers", "MISC", 1),
                             ("Fockers", "MISC", 1), ("Google Fiber", "MISC", 1), ("Google", "MISC", 1)])
    assert ds[0].group == ds[1].group and ds[2].group == ds[3].group and ds[4].group != ds[5].group, ds


def test_an_acronym_spells_the_capitals_of_a_camel_case_name() -> None:
    """"PSP" beside "PlayStation Portable" in one source is that console."""
    ds = Resolver().resolve([("PlayStation Portable", "MISC", 1), ("PSP", "ORG", 1), ("NBA", "ORG", 1)])
    assert ds[0].group == ds[1].group != ds[2].group, ds


def test_of_nested_full_names_a_short_form_takes_the_innermost() -> None:
    """"Sergio" beside "Sergio Machado" and a span that took the company before it ("Transpetro Sergio
    Machado") goes to the person's own name."""
    ds = Resolver().resolve([("Transpetro Sergio Machado", "PER", 1), ("Sergio Machado", "PER", 1), ("Sergio", "PER", 1)])
    assert ds[2].group == ds[1].group, ds
