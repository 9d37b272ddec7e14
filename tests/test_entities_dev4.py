"""Boundaries and labels found on the fourth development sample (issue 15): invented sentences written
like the corpus's news articles, each failing on the code before the rule it tests."""

from __future__ import annotations

from conftest import mentions
from workbench.nlp.ner import extract


def test_partners_joined_by_an_ampersand_are_one_company() -> None:
    found = mentions("The brewer Scottish & Newcastle and Procter & Gamble sponsor USA Track & Field this year.", "en")
    assert found.get("Scottish & Newcastle") == "ORG", found
    assert found.get("Procter & Gamble") == "ORG", found
    assert found.get("USA Track & Field") == "ORG", found
    assert "Newcastle" not in found and "USA Track" not in found, found


def test_surname_alone_is_a_person_whatever_its_accent_or_place_in_the_full_name() -> None:
    found = mentions("L'avvocato Gian Piero Samori è indagato a Bologna. In sostanza Samorì avrebbe copiato i dati.", "it")
    assert found.get("Samorì") == "PER", found
    found = mentions("El presidente recibió a José Antonio Meade Kuribreña. Además de Hacienda, Meade fue titular "
                     "de otras secretarías. Meade agradeció.", "es")
    assert found.get("Meade") == "PER", found


def test_coalition_placeholder_and_a_company_page_before_a_person() -> None:
    found = mentions("Foto: Facebook Enrique Peña Nieto\nEl candidato de la coalición PRI-PVEM-Panal obtuvo el "
                     "*NUMBER*% de los votos, según el INE.", "es")
    assert found.get("Enrique Peña Nieto") == "PER" and found.get("Facebook") == "ORG", found
    assert all(found.get(p) == "ORG" for p in ("PRI", "PVEM", "Panal")), found
    assert not any("NUMBER" in t for t in found), found


def test_name_before_a_party_and_state_tag_is_a_politician() -> None:
    found = mentions("O governo está em Brasília.  Geddel Vieira Lima [PMDB-BA] concedeu uma entrevista ao jornal. "
                     "Já Tiririca (PR-SP) votou contra.", "pt")
    assert found.get("Geddel Vieira Lima") == "PER" and found.get("PMDB") == "ORG", found
    assert found.get("Tiririca") == "PER", found


def test_italian_town_called_by_the_first_word_of_its_name() -> None:
    found = mentions("Rapina in banca a Savignano. I ladri sono stati fermati a Pavullo.", "it")
    assert found.get("Pavullo") == "LOC", found  # Pavullo nel Frignano
    assert found.get("Savignano") == "LOC", found  # Savignano sul Panaro


def test_company_noun_right_before_a_name_says_organisation() -> None:
    found = mentions("Furto al supermercato Tigotà in centro. La refurtiva è stata recuperata.", "it")
    assert found.get("Tigotà") == "ORG", found
    found = mentions("The film's distributor Toho expects 40 million people to see it, trade publication Screen Daily "
                     "said.", "en")
    assert found.get("Toho") == "ORG" and found.get("Screen Daily") == "ORG", found


def test_award_named_after_a_person_is_not_a_person() -> None:
    found = mentions("She won the 2004 Jesse Owens Award in Portland, and Gatlin won the Jesse Owens Awards too.", "en")
    assert found.get("Jesse Owens Award") == "MISC" and found.get("Jesse Owens Awards") == "MISC", found


def test_determiner_or_a_common_word_and_a_number_opening_a_sentence_are_no_names() -> None:
    found = mentions("Osmar Rodrigues tinha 30 anos de experiência no Campo de Marte. Tinha 30 anos de aviação. "
                     "Um colega disse: \"Foi professor de todos aqui\" Outro profissional disse que Osmar era o melhor.",
                     "pt")
    assert "Tinha 30" not in found and "Outro" not in found, found
    assert found.get("Osmar Rodrigues") == "PER", found


def test_nickname_in_quotes_after_a_full_name_is_that_person() -> None:
    from workbench.nlp.glue import nickname_in_quotes

    text = 'Russo anunció que el actor Xavier López "Chabelo" hará un cameo en la cinta de Marvel.'
    found = {m.text: m for m in next(extract([text], ["es"]))}
    assert found["Chabelo"].label == "PER", found
    full, nick = found["Xavier López"], found["Chabelo"]
    assert nickname_in_quotes(text, (full.start, full.end, full.text, full.label),
                              (nick.start, nick.end, nick.text, nick.label))
    assert not nickname_in_quotes('la Televisión Española "Aplauso"', (3, 22, "Televisión Española", "ORG"),
                                  (24, 31, "Aplauso", "MISC"))


def test_kind_of_body_right_before_a_name_says_organisation_unless_a_person_follows() -> None:
    found = mentions("La fundación Indepaz informó que se trata de la cuarta masacre del año en Popayán.", "es")
    assert found.get("Indepaz") == "ORG", found
    found = mentions("O apoio do partido Geraldo Alckmin não esperava veio de São Paulo.", "pt")
    assert found.get("Geraldo Alckmin") == "PER", found


def test_government_named_by_its_head_is_that_person() -> None:
    found = mentions("Farinha do mesmo saco? Governo Temer vai atrás de Lula. O presidente [Michel Temer] falou. "
                     "O Governo Federal negou.", "pt")
    assert found.get("Temer") == "PER" and "Governo Temer" not in found, found
    assert found.get("Governo Federal") == "ORG", found


def test_names_inside_a_shouted_phrase_are_found_alone() -> None:
    text = ("Um dos ministros está em Brasília.  Geddel Vieira Lima [PMDB-BA] disse que Lula poderá ser chamado e "
            "que o ministro Gilmar Mendes concorda. SIM, É ISSO MESMO! GEDDEL DIZ QUE LULA E GILMAR MENDES SERÃO "
            "CHAMADOS PARA LER A NOTA! O ministro disse ainda.")
    found = mentions(text, "pt")
    assert found.get("GEDDEL") == "PER" and found.get("LULA") == "PER", found
    assert found.get("GILMAR MENDES") == "PER", found
    assert not any(t in found for t in ("NOTA", "SIM")), found
    assert not any(" DIZ " in t or "ISSO" in t for t in found), found


def test_common_word_opening_a_headline_is_split_from_the_city_after_de() -> None:
    found = mentions("Tiroteio de Las Vegas: Homem foi flagrado mostrando o dedo. Ele estava perto do hotel.", "pt")
    assert found.get("Las Vegas") == "LOC" and "Tiroteio de Las Vegas" not in found, found
    found = mentions("Aeroporto de Lisboa fechado durante a greve.", "pt")
    assert "Aeroporto de Lisboa" in found, found


def test_brazilian_state_code_alone_is_a_place() -> None:
    found = mentions("Ele pediu uma reunião na sede do seu Instituto em SP para explicar. O deputado Beto Mansur (RJ) "
                     "votou contra.", "pt")
    assert found.get("SP") == "LOC" and found.get("RJ") == "LOC", found


def test_abbreviated_title_ends_no_sentence_and_is_no_name() -> None:
    found = mentions("Os nomes podem ser registrados, disse o Dr. Neves Alcântara. Depois a Profa. Lima falou.", "pt")
    assert found.get("Neves Alcântara") == "PER" and found.get("Lima") == "PER", found
    assert "Dr." not in found and "Profa" not in found, found


def test_generic_state_nouns_written_with_a_capital_are_no_names() -> None:
    found = mentions("O procurador-geral da República, Rodrigo Janot, pediu eleição direta no País.", "pt")
    assert "República" not in found and "País" not in found, found
    assert found.get("Rodrigo Janot") == "PER", found


def test_read_more_links_are_no_names() -> None:
    found = mentions("Os números crescem em ritmo menos acelerado. Leia mais .\n\nVeja também: Lula voltou ao Brasil.", "pt")
    assert "Leia" not in found and "Veja" not in found and found.get("Lula") == "PER", found


def test_name_after_minister_of_is_the_ministry() -> None:
    found = mentions("Meade fue titular de Hacienda y luego el exsecretario de Hacienda habló con la ministra de Igualdad "
                     "en Madrid.", "es")
    assert found.get("Igualdad") == "ORG", found
    found = mentions("O ministro da Fazenda, Henrique Meirelles, falou em Brasília.", "pt")
    assert found.get("Fazenda") == "ORG" and found.get("Henrique Meirelles") == "PER", found


def test_title_and_subtitle_after_a_colon_are_one_work() -> None:
    found = mentions("Chabelo tendrá un cameo en la película Avengers: Infinity War, anunció Anthony Russo.", "es")
    assert found.get("Avengers: Infinity War") == "MISC" and "Infinity War" not in found, found
    found = mentions("Tiroteio de Las Vegas: Homem foi flagrado mostrando o dedo.", "pt")
    assert not any(":" in t for t in found), found


def test_apposition_naming_a_kind_of_maker_says_company() -> None:
    found = mentions("Illva has agreed to buy 33% of Changyu, the largest wine maker in China. Changyu said the deal "
                     "was good.", "en")
    assert found.get("Changyu") == "ORG", found


def test_police_patrol_unit_is_an_organisation() -> None:
    found = mentions("Sul posto è intervenuta la Volante, che ha fermato il ladro in via Emilia a Modena.", "it")
    assert found.get("Volante") == "ORG", found


def test_town_after_a_street_name_and_a_preposition_is_a_place() -> None:
    found = mentions("I fatti sono iniziati in piazza Libertà a Maranello tra il 27 e il 28 agosto.", "it")
    assert found.get("Maranello") == "LOC", found


def test_town_glued_before_a_full_name_is_split_from_it() -> None:
    found = mentions("Lo ha spiegato il sindaco di Formigine Mario Rossi, che vive a Formigine da sempre.", "it")
    assert found.get("Mario Rossi") == "PER" and found.get("Formigine") == "LOC", found
    found = mentions("O procurador-geral da República Rodrigo Janot pediu a prisão.", "pt")
    assert found.get("Rodrigo Janot") == "PER", found


def test_portuguese_conjunctions_at_a_sentence_start_are_not_part_of_a_name() -> None:
    """"Caso" ("if") and "Conforme" ("according to") open Portuguese sentences: "Caso Lula seja
    absolvido" named Lula "Caso Lula" in 2,000 corpus articles (the entity with the most mentions)."""
    found = mentions("O julgamento foi adiado. Caso Lula seja absolvido, ele concorre. Conforme Janot, houve crime.", "pt")
    assert found.get("Lula") == "PER" and found.get("Janot") == "PER", found
    assert "Caso Lula" not in found and "Conforme Janot" not in found, found


def test_two_people_joined_by_e_or_by_y_before_a_given_name_are_two_names() -> None:
    """Spanish writes "e" for "y" before i-: "Irene Montero e Iglesias" is two people, as "Kevin y
    Jovanny" is; "José Ortega y Gasset" is one.  (The tmux day merged "Pablo Iglesias" into the
    entity "Irene Montero e Iglesias".)"""
    found = mentions("El patrimonio de Irene Montero e Iglesias creció. Piden que eviten poner nombres como Britany, "
                     "Brayan, Kevin y Jovanny. José Ortega y Gasset escribió mucho.", "es")
    assert found.get("Irene Montero") == "PER" and found.get("Iglesias") == "PER", found
    assert found.get("Kevin") == "PER" and found.get("Jovanny") == "PER", found
    assert found.get("José Ortega y Gasset") == "PER", found
    assert "Irene Montero e Iglesias" not in found and "Kevin y Jovanny" not in found, found
