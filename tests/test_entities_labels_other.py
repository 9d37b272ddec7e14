"""Labels of names outside Spanish (issue: labels >= .85 in every language): invented sentences written
like the corpus's news articles, each failing on the code before the rule it tests."""

from __future__ import annotations

from conftest import mentions


def test_press_country_names_and_a_country_in_brackets_after_a_person() -> None:
    found = mentions("Seoul said Korea would talk to Burma. Shortlist: Gunter Grass (Germany), Milan Kundera "
                     "(Czech Republic) and Ian McEwan (UK).", "en")
    assert all(found.get(c) == "LOC" for c in ("Korea", "Burma", "Germany", "Czech Republic", "UK")), found
    assert found.get("Gunter Grass") == "PER", found


def test_place_nouns_heads_and_based() -> None:
    found = mentions("Il furto è avvenuto davanti alla chiesa di Corlo e nel parco della Resistenza, vicino "
                     "all'Ippodromo Ghirlandina.", "it")
    assert found.get("Corlo") == "LOC" and found.get("Resistenza") == "LOC", found
    assert found.get("Ippodromo Ghirlandina") == "LOC", found
    found = mentions("Analysts expect the Virginia-based firm to go private. The Royal Academy and the Booker Prize "
                     "jury agreed.", "en")
    assert found.get("Virginia") == "LOC" and found.get("Royal Academy") == "ORG", found
    assert found.get("Booker Prize") == "MISC", found


def test_a_name_the_spanish_model_calls_a_place_with_nothing_to_back_it_is_a_person() -> None:
    found = mentions("Petrobras pagou propina a Dirceu, diz delator. O dinheiro ia para Dirceu e para o partido.", "pt")
    assert found.get("Dirceu") == "PER", found
    # a place list or a preposition of place keeps the place; Italian keeps the hint (hamlets, shops)
    found = mentions("O deputado voltou para Camocim. Camocim fica no Ceará.", "pt")
    assert found.get("Camocim") == "LOC", found


def test_a_car_make_named_as_a_car_is_a_product() -> None:
    found = mentions("I ladri sono fuggiti su un’Audi nera, poi hanno lasciato una Fiat Panda e un camioncino Ford.", "it")
    assert found.get("Audi") == "MISC" and found.get("Fiat Panda") == "MISC" and found.get("Ford") == "MISC", found
    found = mentions("Más de mil autos Volkswagen ponen en riesgo a sus conductores.", "es")
    assert found.get("Volkswagen") == "MISC", found
    found = mentions("La Fiat ha annunciato utili. Toyota Motor e Ford Foundation hanno firmato.", "it")
    assert found.get("Fiat") == "ORG" and found.get("Toyota Motor") == "ORG", found


def test_local_news_roles_before_a_name() -> None:
    found = mentions("«La nostra dipendente - spiega la titolare Tatiana - ha chiuso il bar alle 20.» Tatiana ha "
                     "presentato denuncia.", "it")
    assert found.get("Tatiana") == "PER", found


def test_a_business_named_by_its_trade() -> None:
    found = mentions("Al civico 16 c’è la sede della Gelin Trasporti. I ladri sono entrati al Ristobar Capriccio e "
                     "nella sala di Armonia Ricevimenti.", "it")
    assert all(found.get(n) == "ORG" for n in ("Gelin Trasporti", "Ristobar Capriccio", "Armonia Ricevimenti")), found


def test_a_field_or_beach_heads_a_place() -> None:
    found = mentions("O piloto era o melhor do Campo de Marte. Ele nasceu em Campo Grande e morava no Jardim Botânico.",
                     "pt")
    assert found.get("Campo de Marte") == "LOC" and found.get("Campo Grande") == "LOC", found


def test_a_prize_named_like_a_person_and_a_prize_named_after_a_body() -> None:
    found = mentions("Gerard Jugnot, star of the Oscar-nominated film The Chorus, won. Its winners often win Oscars. "
                     "The Academy Awards are on Sunday.", "en")
    assert found.get("Oscar") == "MISC" and found.get("Academy Awards") == "MISC", found
    found = mentions("Oscar Niemeyer designed Brasília. Oscar said the city was a dream.", "en")
    assert found.get("Oscar") == "PER", found


def test_portuguese_of_is_no_place_cue_but_a_place_noun_before_it_is() -> None:
    found = mentions("O pai de Neymar foi ouvido pela Justiça. Segundo a Promotoria, o pai de Neymar negociou sozinho.", "pt")
    assert found.get("Neymar") == "PER", found
    found = mentions("As facções do presídio de Alcaçuz fizeram um acordo. Dentro de Alcaçuz há duas facções.", "pt")
    assert found.get("Alcaçuz") == "LOC", found


def test_portuguese_organisation_heads() -> None:
    found = mentions("O projeto cria royalties para a União. A Procuradoria-Geral da República e a União Europeia "
                     "analisam o caso com o Mercosul.", "pt")
    assert all(found.get(n) == "ORG" for n in ("União", "Procuradoria-Geral da República", "União Europeia",
                                               "Mercosul")), found


def test_ring_roads_and_bodies_named_with_a_national_adjective() -> None:
    found = mentions("Nuovo assalto al distributore della tangenziale Pirandello.", "it")
    assert found.get("Pirandello") == "LOC", found
    found = mentions("Hanno partecipato i volontari della Croce Rossa Italiana di Modena.", "it")
    assert found.get("Croce Rossa Italiana di Modena") == "ORG", found


def test_a_shouted_three_letter_word_takes_the_label_of_its_ordinary_spelling() -> None:
    found = mentions("COI AMEAÇA O RIO. O comitê disse que a cidade do Rio não cumpriu as metas.", "pt")
    assert found.get("RIO") == found.get("Rio") == "LOC", found


def test_the_acronym_of_a_kind_of_thing_is_no_name_nor_part_of_one() -> None:
    """'GPU Nvidia' hid Nvidia from its entity (confirming Nvidia missed it); 'GPU Hopper' was a
    person. The acronym names the kind; the maker keeps its own label, the model is a product."""
    found = mentions("Twitter había comprado hasta 10,000 GPU Nvidia para su LLM. Es difícil estimar cuántas "
                     "GPU Hopper puede necesitar, y las GPU son caras.", "es")
    assert found.get("Nvidia") == "ORG" and found.get("Hopper") == "MISC", found
    assert not {"GPU", "GPU Nvidia", "GPU Hopper", "LLM"} & set(found), found
    found = mentions("Il progetto usa 10 Mila GPU Nvidia. È probabile che si tratti di GPU Nvidia Hopper H100 o "
                     "simili, come dice Elon Musk.", "it")
    assert "GPU Nvidia" not in found and "Nvidia" in found, found
    assert not any(n.startswith("GPU") for n in found), found


def test_a_name_written_in_capitals_that_starts_with_a_given_name_is_a_person() -> None:
    """A shouted line ("autorização de FÁBIO SILVA") made the name an acronym, so never a person."""
    found = mentions("O deputado FÁBIO SILVA disse que vai recorrer da decisão.", "pt")
    assert found.get("FÁBIO SILVA") == "PER", found
    found = mentions("Lo ha detto MARIO ROSSI ieri sera a Roma.", "it")
    assert found.get("MARIO ROSSI") == "PER" and found.get("Roma") == "LOC", found
    found = mentions("Compraron chips H100 de NVIDIA CORP para el centro.", "es")
    assert found.get("NVIDIA CORP") != "PER", found


def test_well_known_people_parties_and_companies_keep_their_label() -> None:
    found = mentions("El mandatario habló con la prensa. Trump dijo que Biden perdió. La vacuna de Moderna llegó a "
                     "México y Morena celebró en el Congreso.", "es")
    assert found.get("Trump") == "PER" and found.get("Biden") == "PER", found
    assert found.get("Moderna") == "ORG" and found.get("Morena") == "ORG", found
    found = mentions("The vote split Labour and the Tories, and the Liberal Democrats abstained.", "en")
    assert all(found.get(n) == "ORG" for n in ("Labour", "Tories", "Liberal Democrats")), found
    found = mentions("O juiz da Lava Jato ouviu Lula. Em entrevista à BBC Brasil, disse que o Brasil mudou.", "pt")
    assert found.get("Lava Jato") == "MISC" and found.get("Lula") == "PER", found
    assert found.get("Brasil") == "LOC" and found.get("BBC Brasil") == "ORG", found  # an outlet, not a product
    found = mentions("O Estado Islâmico reivindicou o ataque em Nova York, e a CUT convocou um protesto.", "pt")
    assert found.get("Estado Islâmico") == "ORG" and found.get("CUT") == "ORG", found
    assert found.get("Nova York") == "LOC", found


def test_sao_paulo_stays_whole_where_the_text_also_writes_the_verb_sao() -> None:
    found = mentions("Eles são muitos. O triplex no Guarujá, litoral de São Paulo, era dele. Paulo Roberto Costa "
                     "falou com a polícia de São Bernardo do Campo.", "pt")
    assert found.get("São Paulo") == "LOC" and found.get("São Bernardo do Campo") == "LOC", found
    assert "Paulo" not in found and found.get("Paulo Roberto Costa") == "PER", found


def test_formats_and_codes_in_capitals_are_no_names_and_eu_is_the_us_in_spanish() -> None:
    found = mentions("The new DVD players read RFID tags and MP3 files, MPs said in the Commons.", "en")
    assert not {"DVD", "RFID", "MP3", "MPs"} & set(found), found
    assert found.get("Commons") == "ORG", found
    found = mentions("El presidente viajó a EU para reunirse con Trump. La vacuna de ARNm llegó a Edomex.", "es")
    assert found.get("EU") == "LOC" and found.get("Edomex") == "LOC" and "ARNm" not in found, found


def test_a_rank_before_the_head_and_an_event_head_decide_the_label() -> None:
    found = mentions("La Suprema Corte de Justicia de la Nación falló ayer. Corrió el Maratón de Boston en abril.", "es")
    assert found.get("Suprema Corte de Justicia de la Nación") == "ORG", found
    assert found.get("Maratón de Boston") == "MISC", found
    found = mentions("O time venceu a Copa do Brasil e o Superior Tribunal de Justiça julgou o caso.", "pt")
    assert found.get("Copa do Brasil") == "MISC" and found.get("Superior Tribunal de Justiça") == "ORG", found


def test_ex_minister_of_a_portfolio_and_a_state_before_a_union_tag() -> None:
    found = mentions("O ex-ministro da Cultura pediu demissão. Houve atos em Goiás, na Bahia e em Pernambuco, "
                     "organizados pela Central Única dos Trabalhadores em Goiás (CUT-GO).", "pt")
    assert found.get("Cultura") == "ORG", found
    assert found.get("Goiás") == "LOC" and found.get("Pernambuco") == "LOC", found


def test_a_role_in_apposition_after_a_name_says_person_but_not_after_a_place() -> None:
    found = mentions("And Menzies Campbell, the Liberal Democrats' foreign affairs spokesman, said the law was wrong.",
                     "en")
    assert found.get("Menzies Campbell") == "PER", found
    found = mentions("Lula nomeou Cristiane Brasil, do PTB do Rio, a nova ministra do Trabalho.", "pt")
    assert found.get("Rio") not in (None, "PER"), found  # the role is Cristiane Brasil's, not the city's


def test_who_after_a_name_says_person() -> None:
    found = mentions("Jo Pavey will miss the race. Pavey, who came fifth in Athens, prefers the track.", "en")
    assert found.get("Pavey") == "PER" and found.get("Jo Pavey") == "PER", found


def test_english_regions_and_a_fund_are_labelled() -> None:
    found = mentions("Jobs will go in South Yorkshire and the West Midlands, the International Monetary Fund said.", "en")
    assert found.get("South Yorkshire") == "LOC" and found.get("West Midlands") == "LOC", found
    assert found.get("International Monetary Fund") == "ORG", found


def test_plural_role_before_a_name_says_person() -> None:
    found = mentions("Greek sprinters Kostas Kenteris and Katerina Thanou are expected to hear on Wednesday. "
                     "Kenteris and Thanou could be suspended.", "en")
    assert found.get("Kostas Kenteris") == "PER" and found.get("Kenteris") == "PER", found


def test_brazilian_state_code_is_a_place_only_in_portuguese_and_the_bill_is_no_person() -> None:
    found = mentions("High fuel prices hit BA's profits. Rod Eddington, BA's chief executive, was calm. "
                     "The Bill will then go to a third reading.", "en")
    assert found.get("BA") == "ORG" and found.get("Bill") != "PER", found
    found = mentions("O deputado Jorge Silva (DEM-BA) votou contra o governador da BA.", "pt")
    assert found.get("BA") == "LOC", found


def test_country_the_press_names_the_old_way_sports_clubs_and_initialled_athletes() -> None:
    found = mentions("Mr Blair wants Turkey within the EU. 60m: J Thie (Cardiff AAC), K Wall (Belgrave Harriers). "
                     "Bristol Rovers won.", "en")
    assert found.get("Turkey") == "LOC", found
    assert found.get("Cardiff AAC") == "ORG" and found.get("Belgrave Harriers") == "ORG", found
    assert found.get("Bristol Rovers") == "ORG", found
    assert found.get("J Thie") == "PER" and found.get("K Wall") == "PER", found


def test_given_name_the_spanish_model_calls_a_place_is_a_person_unless_a_title_or_after_an_article() -> None:
    found = mentions("Varios famosos como Alejandra Guzmán, Nicky Jam, Reik, Belinda y Paty Cantú se han sumado. "
                     "El reencuentro de Rachel, Monica y Phoebe emocionó a todos.", "es")
    assert found.get("Belinda") == "PER" and found.get("Phoebe") == "PER", found
    found = mentions("Actuó en “Duelo de pasiones”, “Paloma” y otras telenovelas. La Tierra gira alrededor del Sol. "
                     "El subsecretario de Salud, Hugo López-Gatell, habló.", "es")
    assert found.get("Paloma") != "PER" and found.get("Tierra") != "PER" and found.get("Salud") != "PER", found


def test_city_districts_and_the_brazilian_spelling_of_singapore_are_places() -> None:
    found = mentions("Ele mora na Zona Oeste e viajou para Cingapura na semana passada.", "pt")
    assert found.get("Zona Oeste") == "LOC" and found.get("Cingapura") == "LOC", found


def test_the_before_a_given_name_is_the_word_the_only() -> None:
    found = mentions("Every week they bathe Bill in the river near Leeds.", "en")
    assert found.get("Bill") == "PER", found
    found = mentions("Miyazaki won an Oscar earlier this year for Spirited Away.", "en")
    assert found.get("Oscar") != "PER", found


def test_italian_a_before_an_unknown_name_says_place_and_a_business_noun_says_organisation() -> None:
    found = mentions("È accaduto l’altra sera a Budrione, vicino al bar Arcadia e alla palestra Anderlini. "
                     "Ha parlato a Mario.", "it")
    assert found.get("Budrione") == "LOC", found
    assert found.get("Arcadia") == "ORG" and found.get("Anderlini") == "ORG", found
    assert found.get("Mario") == "PER", found


def test_a_title_that_starts_with_the_or_holds_of_the_is_no_person() -> None:
    found = mentions("Alice Sebold wrote The Lovely Bones. The film Shaun of the Dead beat Ray at the box office.", "en")
    assert found.get("The Lovely Bones") == "MISC" and found.get("Shaun of the Dead") == "MISC", found
    assert found.get("Alice Sebold") == "PER", found


def test_a_company_named_by_its_trade_in_english_and_media_outlets_are_organisations() -> None:
    found = mentions("Shares in Verizon Communications rose, and Omidyar Network backed the International "
                     "Fact-Checking Network. Ross Tell spoke to W Radio.", "en")
    assert all(found.get(n) == "ORG" for n in ("Verizon Communications", "Omidyar Network",
                                              "International Fact-Checking Network", "W Radio")), found
    found = mentions("Segundo a Jovem Pan, a revista Caros Amigos e o site Opera Mundi publicaram a carta.", "pt")
    assert all(found.get(n) == "ORG" for n in ("Jovem Pan", "Caros Amigos", "Opera Mundi")), found
    found = mentions("La nota fue difundida por Notimex y retomada por Aristegui Noticias.", "es")
    assert found.get("Notimex") == "ORG" and found.get("Aristegui Noticias") == "ORG", found


def test_public_bodies_and_the_olympics() -> None:
    found = mentions("En la madrugada, elementos de la Policia Federal, de la PGR y de Seguridad Pública capitalina, "
                     "realizaron un operativo.", "es")
    assert found.get("Seguridad Pública") == "ORG" and found.get("PGR") == "ORG", found
    found = mentions("The Olympics will boost the advertising market, analysts said.", "en")
    assert found.get("Olympics") == "MISC", found


def test_a_company_named_by_its_people_or_its_shares_in_english() -> None:
    found = mentions("Dave Smith, chief executive of Panlogic, said sales rose. It was denied by Balco boss Victor Conte, "
                     "and England boss Sven-Goran Eriksson said nothing.", "en")
    assert found.get("Panlogic") == "ORG" and found.get("Balco") == "ORG", found
    assert found.get("England") == "LOC" and found.get("Victor Conte") == "PER", found


def test_pension_funds_and_rating_agencies_are_organisations() -> None:
    found = mentions("Os fundos de pensão Petros, Funcef, Previ e Postalis perderam bilhões, segundo a Moody's.", "pt")
    assert all(found.get(n) == "ORG" for n in ("Petros", "Funcef", "Previ", "Postalis")), found


def test_titles_of_works_research_firms_and_a_title_between_role_and_name() -> None:
    found = mentions("The film My Left Foot won. Fitch Ratings and BMI Research cut the rating. Foreign Minister "
                     "Prince Saud Al-Faisal said the kingdom would act.", "en")
    assert found.get("My Left Foot") == "MISC", found
    assert found.get("Fitch Ratings") == "ORG" and found.get("BMI Research") == "ORG", found
    assert found.get("Saud Al-Faisal") == "PER", found


def test_brazilian_builders_the_planalto_and_acronyms_of_things() -> None:
    found = mentions("O Planalto negou. A PEC do teto foi aprovada, e a Engevix e a Mendes Júnior pagaram.", "pt")
    assert found.get("Planalto") == "LOC" and "PEC" not in found, found
    assert found.get("Engevix") == "ORG" and found.get("Mendes Júnior") == "ORG", found
