"""Small hand-written word lists used by the NER filters and the label corrections.

Everything here is general knowledge (common first names, the words that head organisation names,
company suffixes, well-known companies, Spanish regions and big cities, IOC country codes). None of
it was extracted from an evaluation set. Entries are stored folded (see ``fold``): no accents,
casefolded.
"""

from __future__ import annotations

from functools import lru_cache
import re
from pathlib import Path

from ..textutil import ARTICLES, LEGAL_SUFFIXES
from ..textutil import fold_word as fold


def _set(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


from ._first_names import FIRST_NAMES  # noqa: E402  (a long list of its own)
from ._known_names import ORGS as _KNOWN_ORGS  # noqa: E402  (well-known names, by hand)

ORG_HEADS = _set(
    """
    Academia Administracion Agencia Alianza Asamblea Asociacion Associacao Associazione Association
    Audiencia Autoridad Ayuntamiento Banca Banco Bank Bloque Cabildo Camara Camera Carabinieri
    Club Coalicion Colegio Comision Comissao Commissione Commission Comite Comitato Committee
    Compania Companhia Company Comune Confederacion Confederazione Conferencia Congreso Congresso
    Congress Consejeria Consejo Consell Consiglio Conselho Corporacion Corporation Cortes Council
    Defensoria Delegacion Departamento Department Diputacion Direccion Ejecutivo Ejercito Empresa
    Escuela Esercito Facultad Federacion Federazione Federation Fiscalia Fondo Fund Frente Fundacion
    Fundacao Fondazione Foundation Generalitat Gobierno Govern Governo Government Grupo Gruppo
    Group Guardia Instituto Istituto Institute Jefatura Junta Juzgado Ministerio
    Ministero Ministry Movimiento Movimento Observatorio Organizacion Organizacao Organizzazione
    Organization Organisation Parlamento Parliament Partido Partito Party Policia Polizia Police
    Prefeitura Procura Procuraduria Secretaria Senado Senato Senate Servicio Servicios Sindicato
    Sindicatura Sociedad Sociedade Societa Society Subdelegacion Tribunal Tribunale Union
    Universidad Universidade Universita University Xunta
    Diocese Diocesis Diocesi Procuradoria Supremo Policia Exercito Seleccion Selecao Nazionale
    TV Radio Rede Treasury Laboratory Laboratorio Laboratorium Agency Agenzia
    Association Federation Institute College Council Commission Party Foundation Society Club Fellowship
    Authority Board Court Corte Bureau Office Service Services Union Cancilleria Chancelaria Itamaraty
    Assembleia Camera Questura Prefettura Procura Carabinieri Guardia Polícia Municipio Municipalidad Volante Volanti
    Vara Superintendencia Comando Diario Jornal Giornale Gazeta Gaceta Gazzetta News Times Chronicle
    Justiça Justicia Giustizia Judiciário Judiciary Legislativo Magistratura Correio Corriere Correo
    Folha Revista Rivista Magazine Center Centre Trust Forze Fuerzas Forcas Forces Commissariato Tenenza
    Direzione Cafe Caffe Ristorante Restaurante Restaurant Pizzeria Trattoria Osteria Corpo Cuerpo
    Squadra Nucleo Poder Presidencia Presidência Presidenza Presidency Faculdade Facolta Faculty Compagnia
    Receita Uniao Unione Alianca Alleanza Alliance Controladoria Ouvidoria Corregedoria Promotoria Advocacia
    Academy Accademia Bar Ristobar Caffetteria Pasticceria Gelateria Panetteria Macelleria Tabaccheria
    """
)

# Common nouns that say what a name that follows them is ("su sistema de conducción Autopilot", "la
# supercomputadora de Tesla, Dojo"): a thing (MISC) or a company (ORG), never a person.
THING_NOUNS = _set(
    """
    sistema sistemas system systems sistemi supercomputadora supercomputador supercomputer
    supercomputer computadora computador computer plataforma plataformas platform piattaforma
    aplicacion aplicativo app aplicacao applicazione application software programa programma
    servicio servico servizio service herramienta ferramenta strumento tool chatbot asistente
    assistente assistant chip chips procesador processador processore processor videojuego videogame
    videogioco juego jogo gioco game pelicula filme film serie libro livro book novela romance
    romanzo novel album disco cancion cancao canzone song proyecto projeto progetto project cohete
    smartphone smartphones phone phones telefono telefoni telefone telefonos celular celulares
    tablet tablets console consola consolas videoconsola
    foguete razzo rocket satelite satellite dispositivo device producto produto prodotto product
    """
)
COMPANY_NOUNS = _set(
    """
    empresa empresas compania companhia compagnia company firma firm startup fabricante produttore manufacturer marca
    brand aerolinea companhia-aerea airline banco bank operadora operator editorial editora publisher cadena emisora
    canal broadcaster chain catena rede retailer supermarket supermercado supermercato supermercati supermarkets
    supermercados grocer varejista minorista rivenditore fondo fundo fund fondos fundos funds distributor
    distribuidora distributore publication newspaper jornal giornale periodico diario quotidiano magazine revista
    rivista tabloid maker makers carmaker automaker drugmaker chipmaker producer brewer carrier insurer lender giant
    conglomerate ristorante restaurante restaurant trattoria pizzeria palestra gimnasio discoteca bar
    """
)

# Heads of named operations (police, military): the name is MISC ("Operação Lava Jato").
OPERATION_WORDS = _set("Operacao Operacion Operazione Operation Operativo")
# Heads of named laws ("Lei Rouanet", "Ley Sinde", "Legge Fornero", "Decreto Salvini"): MISC, as CoNLL has them.
LAW_HEADS = _set("Lei Ley Legge Decreto Decreto-Lei Decreto-Ley Decreto-Legge")
# Heads of holidays and named days before "de/of" ("Día de Acción de Gracias", "Dia das Mães", "Giorno
# della Memoria", "Festa della Repubblica"): the name is MISC.
HOLIDAY_HEADS = _set("Dia Día Giorno Festa Fiesta Day")
# Holidays named in one word (MISC); "Natal" is left out: it is a Brazilian city too.
HOLIDAYS = _set("Christmas Navidad Natale Easter Pascua Páscoa Pasqua Thanksgiving Ramadan Ramadã Ramadán Hanukkah "
                "Carnaval Carnevale Carnival Halloween Ferragosto Epifania Epifanía")

# Words that head a place name ("Palácio do Planalto", "Ciudad de México", "Santa Cruz do Capibaribe"):
# "X de Y" stays one name after them.
PLACE_HEADS = _set(
    """
    Palacio Palazzo Palace Ciudad Cidade Citta City Puerto Porto Port Estacion Estacao Stazione Station
    Aeropuerto Aeroporto Airport Hospital Ospedale Teatro Theatre Theater Museo Museu Museum Parque
    Parco Park Plaza Praca Piazza Rio Lago Lake Monte Mount Isla Ilha Isola Island Cabo Cape Golfo
    Gulf Bahia Baia Bay Costa Coast Serra Sierra Vale Valle Valley Villa Vila San Santa Santo Sao
    Nuestra Nossa Basilica Igreja Iglesia Chiesa Church Cathedral Catedral Duomo Estadio Stadio
    Stadium Region Regiao Regione Provincia Province Estado State Stato Zona
    Distrito District Condado County Territorio Territory Canal Ponte Puente Bridge Torre Tower
    Castillo Castelo Castello Castle Mar Sea Ocean Oceano Peninsula Penisola Deserto Desierto
    Desert Cerro Pico Paroquia Parroquia Parrocchia Bairro Barrio Quartiere
    Ippodromo Hipodromo Racecourse Autodromo Cimitero Cemiterio Cementerio Cemetery Pineta
    Campo Jardim Morro Praia Playa Spiaggia Beach Baixada Lagoa Laguna Ribeirao
    """
)

# Last tokens that mark a company: a legal form (``textutil.LEGAL_SUFFIXES``, compared without dots:
# see ``company_suffix``) or a word that ends company names.
COMPANY_WORDS = _set(
    "Holding Holdings Group Telecom Airlines Bank Energy Motors Technologies Systems Motor Auto Automotive"
    " Corp Airways Pharmaceuticals Petroleum Steel Oil Foods Entertainment Studios Pictures Films Records Bancorp"
    " Insurance Industries Bros Bros. Brothers Laboratories Communications Networks Network Software Pharma Partners"
    " Consulting Consultants Analytics"
    # a business's trade as the last word ("Gelin Trasporti", "Armonia Ricevimenti", "Rossi Costruzioni")
    " Trasporti Autotrasporti Transportes Costruzioni Construções Construcciones Servizi Serviços Servicios Service"
    " Impianti Ricevimenti Arredamenti Immobiliare Imobiliária Inmobiliaria Assicurazioni Logistica Logística"
    " Elettronica Informatica Distribuzione Edilizia Soc"
    # news outlets (CoNLL: ORG): "Business Insider", "HPC Wire", "Washington Post", "Associated Press"
    " Insider Post Journal Herald Tribune Gazette Wire Press Telegraph Reporter Media Radio TV Research Ratings"
    " Harriers FC AFC RFC AAC Rovers Wanderers"  # sports clubs ("Bristol Rovers"); not "AC" (also Acre's code)
)

# Diseases named like entities ("Covid-19", "coronavirus" written capitalised): MISC by the gold's conventions.
DISEASES = _set("Covid Covid-19 COVID-19 Coronavirus SARS-CoV-2 SARS MERS Ébola Ebola Zika Dengue Chikungunya"
                " H1N1 Sida Aids HIV VIH Alzheimer Parkinson")


def company_suffix(folded: str) -> bool:
    """Whether a folded last word marks a company ("S.A.", "Inc.", "Holdings")."""
    return folded.replace(".", "") in LEGAL_SUFFIXES or folded in COMPANY_WORDS


# Well-known companies and organisations (global tech, big Spanish/Portuguese/Italian/Latin American
# firms). Folded; matched against the whole mention.
KNOWN_ORGS = frozenset(
    fold(w.strip())
    for w in """
    Twitter|Tesla|SpaceX|Space X|Nvidia|OpenAI|Open AI|Google|Alphabet|Microsoft|Apple|Amazon|Meta|
    Facebook|Instagram|WhatsApp|YouTube|DeepMind|Anthropic|Netflix|IBM|Intel|AMD|Samsung|Sony|Huawei|
    Xiaomi|Alibaba|Tencent|Baidu|Uber|Airbnb|Oracle|Cisco|Twitch|TikTok|ByteDance|LinkedIn|
    Telefónica|Repsol|Iberdrola|Endesa|Banco Santander|BBVA|CaixaBank|Bankia|Sabadell|
    Inditex|Mapfre|Ferrovial|ACS|Acciona|Gas Natural|Naturgy|Abertis|Indra|Mercadona|
    El Corte Inglés|Iberia|Renfe|Aena|Petrobras|Embraer|Itaú|Bradesco|Odebrecht|
    Rede Globo|Eni|Enel|Fiat|Ferrari|Pirelli|Telecom Italia|Mediaset|Unicredit|UniCredit|
    Intesa Sanpaolo|Generali|Pemex|Televisa|América Movil|Cemex|Volkswagen|BMW|Mercedes-Benz|
    Daimler|Siemens|Bayer|Renault|Peugeot|Airbus|Boeing|Nestlé|Unilever|Shell|BP|
    Coca-Cola|PepsiCo|McDonald's|Goldman Sachs|JP Morgan|Morgan Stanley|Citigroup|HSBC|Barclays|
    Deutsche Bank|Reuters|EFE|Europa Press|Associated Press|Bloomberg|ONU|OTAN|NATO|FMI|UNESCO|
    UNICEF|OMS|OCDE|OECD|OPEP|OPEC|Interpol|Europol|Cruz Roja|Greenpeace|PSOE|PP|Podemos|Vox|
    Ciudadanos|PNV|IU|CiU|ERC|Bildu|PT|PSDB|MDB|PMDB|FIFA|UEFA|COI|Real Madrid|Barcelona FC|
    FC Barcelona|Atlético de Madrid|Juventus|Mercosul|Mercosur|Petrobrás|Bovespa|Estadão|Folha de S.Paulo
    """.replace("\n", "").split("|")
    if w.strip()
) | _KNOWN_ORGS

# Car makes: "un'Audi nera", "una Fiat Panda", "autos Volkswagen" name a car, a product (MISC), not the
# company (folded; "Alfa Romeo", "Land Rover" are two words).
CAR_MAKES = frozenset(fold(w) for w in """Audi BMW Mercedes Mercedes-Benz Volkswagen Fiat Ferrari Lamborghini Maserati
    Lancia Ford Chevrolet Toyota Honda Nissan Renault Peugeot Citroen Citroën Opel Skoda Škoda Volvo Hyundai Kia Mazda
    Mitsubishi Suzuki Subaru Porsche Jeep Dacia Jaguar Lexus Chrysler Cadillac""".split()) | frozenset(
    ("alfa romeo", "land rover", "range rover"))


# Spanish autonomous communities and big cities, and capitals of the larger countries (folded).
PLACES = frozenset(
    fold(w.strip())
    for w in """
    Madrid|Barcelona|Valencia|Sevilla|Zaragoza|Málaga|Murcia|Palma|Bilbao|Alicante|Córdoba|Valladolid|
    Vigo|Gijón|Oviedo|Granada|Vitoria|La Coruña|A Coruña|Pamplona|Santander|San Sebastián|Toledo|
    Salamanca|Burgos|León|Cádiz|Almería|Huelva|Jaén|Badajoz|Cáceres|Logroño|Huesca|Teruel|Lleida|
    Lérida|Girona|Gerona|Tarragona|Castellón|Albacete|Ciudad Real|Cuenca|Guadalajara|Segovia|Ávila|
    Soria|Palencia|Zamora|Lugo|Ourense|Orense|Pontevedra|Santiago de Compostela|Ceuta|Melilla|
    Andalucía|Aragón|Asturias|Baleares|Canarias|Cantabria|Castilla y León|Castilla-La Mancha|
    Cataluña|Catalunya|Extremadura|Galicia|La Rioja|Navarra|País Vasco|Euskadi|Comunidad Valenciana|
    Lisboa|Oporto|Porto|Roma|Milán|Milano|Nápoles|Napoli|Turín|Torino|Florencia|Firenze|Venecia|
    Venezia|Bolonia|Bologna|Modena|Módena|París|Londres|Berlín|Bruselas|Ámsterdam|Viena|Moscú|
    Pekín|Tokio|Washington|Nueva York|New York|Los Ángeles|Chicago|San Francisco|Silicon Valley|
    Buenos Aires|Ciudad de México|México D.F.|Bogotá|Lima|Santiago de Chile|Caracas|Quito|La Paz|
    Montevideo|Asunción|La Habana|São Paulo|Sao Paulo|Rio de Janeiro|Río de Janeiro|Brasília|Brasilia|
    Belo Horizonte|Salvador|Recife|Fortaleza|Curitiba|Porto Alegre|Manaus|Ginebra|Jerusalén|
    Estambul|El Cairo|Nueva Delhi|Pekin|Shanghái|Hong Kong
    """.replace("\n", "").split("|")
    if w.strip()
)

@lru_cache(maxsize=1)
def country_keys() -> frozenset[str]:
    """Country and world-region names in es / pt / it / en, folded, plus common press forms (US,
    EUA). From ``data/country_names.txt`` (CLDR territory names via Babel, see
    ``bench/make_countries.py``), read on first use."""
    path = Path(__file__).with_name("data") / "country_names.txt"
    try:
        names = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        names = []
    try:  # the resolver's list: its names split at brackets ("Myanmar (Burma)" -> Myanmar, Burma)
        for line in path.with_name("countries.tsv").read_text(encoding="utf-8").splitlines():
            for n in line.partition("\t")[2].split("|"):
                names += [w.strip(" ,") for w in re.split(r"[()]", n) if w.strip(" ,")]
    except OSError:
        pass
    return frozenset(fold(c) for c in names if c) | frozenset((
        "us", "u.s.", "u.s.a.", "eua", "e.u.a.", "uk", "u.k.", "britain", "great britain", "middle east",
        "oriente medio", "medio oriente", "oriente medio", "far east", "extremo oriente", "latin america",
    )) | frozenset(fold(w) for w in _COUNTRY_VARIANTS.split("|"))


# Short, older and constituent-nation names the press uses that CLDR's standard names lack
# ("Korea", "Burma", "Czech Republic", "Soviet Union", "Inghilterra"), in es / pt / it / en.
_COUNTRY_VARIANTS = (
    "Korea|Corea|Coreia|Burma|Birmânia|Birmania|Czech Republic|República Checa|República Tcheca|Repubblica Ceca|"
    "Vatican|Vaticano|Ivory Coast|Costa do Marfim|Costa d'Avorio|Costa de Marfil|Macedonia|Macedônia|Swaziland|"
    "Suazilândia|Suazilandia|Swaziland|East Timor|Timor Leste|Timor Est|Holland|Holanda|Olanda|England|Inglaterra|"
    "Inghilterra|Scotland|Escócia|Escocia|Scozia|Wales|País de Gales|Galles|Northern Ireland|Irlanda do Norte|"
    "Irlanda del Norte|Irlanda del Nord|Bosnia|Bósnia|Soviet Union|União Soviética|Unión Soviética|"
    "Unione Sovietica|URSS|USSR|Emirates|Emirados|Emiratos|Emirati|Balkans|Bálcãs|Balcanes|Balcani|Scandinavia|"
    "Escandinávia|Escandinavia|Caribbean|Caribe|Caraibi|Arctic|Ártico|Artico|Antarctica|Antártida|Antartide|"
    "Palestine|Palestina|Tibet|Tibete|Hong Kong|Macau|Macao|Congo"
)

# IOC / sports-result country codes (upper case as written).
IOC_CODES = frozenset(
    """ESP ITA FRA GER ALE HOL NED BEL SUI AUT POR GBR IRL USA CAN MEX ARG BRA COL VEN CHI PER URU
    PAR BOL ECU RUS UKR CZE SVK POL HUN ROM ROU BUL GRE TUR DEN NOR SWE FIN AUS NZL JPN CHN KOR
    RSA CRO SLO SRB YUG LTU LAT EST BLR KAZ UZB ISR EGY MAR ALG TUN NGR CMR KEN ETH
    GB""".split()  # and "GB", the name British sport teams compete under ("GB runners", "Team GB")
)

# Capitalised words that start sentences and are never names on their own (folded). Mostly
# adverbs, connectors and determiners of es/pt/it/en; a name never starts with them.
SENTENCE_WORDS = _set(
    """
    Además Ademas Allí Asimismo Así Aunque Ayer Hoy Mañana Según Segun También Tampoco Sin Sabe-se
    Também Porém Contudo Entretanto Então Segundo Ainda Após Depois Hoje Ontem Inoltre Tuttavia
    Secondo Oggi Ieri Anche Dopo Perché However Also Today Yesterday According Meanwhile Moreover
    Entonces Mientras Luego Finalmente Sin embargo Por Para Con Desde Durante Tras Ante Entre Hacia
    Hasta Mediante Sobre Cuando Donde Como Cómo Qué Quién Dónde Cuándo Este Esta Estos Estas Ese Esa
    Esos Esas Aquel Aquella Su Sus Mi Mis Nuestro Nuestra Otro Otra Otros Otras Todo Toda Todos
    Todas Cada Ningún Ninguna Algún Alguna Unos Unas Un Una Uno Hay Fue Era Es Son Ha Han Había
    Habían Será Serán Estaba Está Están Dijo Señaló Afirmó Aseguró Explicó Añadió Indicó Reconoció
    No Sí Ya Pero Sino Pues Porque Aquí Ahí Allá Bien Mal Muy Más Menos Tanto Tan Sólo Solo
    Incluso Excepto Salvo Gracias Lo Le Les Se Nos Os Yo Tú Él Ella Ellos Ellas Usted Ustedes
    Ele Eles Elas Isso Isto Esse Essa Aquele Aquela Nesta Neste Nessa Nesse Questo Questa Quello
    Quella Il Gli Le The This That These Those It He She They We You Hola Adiós Bueno Oye Olá
    Ciao Grazie Obrigado Obrigada
    """
)

# Lower-case words allowed inside a name ("Ministerio de Hacienda", "Vasco da Gama").
JOINERS = _set(
    "de del la las los el y e i da das do dos di della delle dello degli dei van von der den of the"
    " and et du des al d' en para por sobre d’ dell' dell’ dall' dall’ nell' nell’"
)

# Coordinators: inside a model span they may join a name ("Castilla y León"); the rule path never
# joins two capitalised runs with them ("Tesla e SpaceX" is two names).
COORDINATORS = _set("y e i and et")

# Prepositions of "X de Y"; the rule path keeps them only after an organisation head or a first name.
OF_WORDS = _set("de del da das do dos di della delle dello degli dei of du des d' d’ dell' dell’")

# Leading articles (``textutil.ARTICLES``) are kept at the front of names written capitalised ("La Coruña").

# Honorifics written before a name: dropped from the span, and the name is a person's.
HONORIFICS = _set(
    """
    Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Sr Sr. Sra Sra. Srta. Sir Dame Lord Lady Dom Dona Don Doña Sig.
    Sig.ra Dott. Dott.ssa Prof. Profa. Mme Mlle Mons. Fr. Rev. Sen. Gov. Gen. Cap. Col. Lt.
    Prince Princess Sheikh Emir Príncipe Principe Princesa Principessa
    """)

# Lower-case role nouns that stand right before a person's name ("o vereador Eduardo Suplicy",
# "la ministra María Ángela Holguín", "coach Peter Stanley", "la giudice Carolina Clò").
ROLE_WORDS = _set(
    """
    presidente presidenta president vicepresidente vice-presidente ex-presidente expresidente
    ministro ministra minister premier primeiro-ministro secretario secretaria secretário secretary
    senador senadora senatore senator deputado deputada diputado diputada deputato deputata
    vereador vereadora concejal concejala consigliere alcalde alcaldesa prefeito prefeita sindaco
    governador governadora gobernador gobernadora governatore governor juiz juíza juez jueza giudice
    judge procurador procuradora fiscal promotor promotora pm magistrado magistrada magistrato
    advogado advogada abogado abogada avvocato avvocata lawyer rei rey re king rainha reina queen
    papa pope bispo obispo vescovo bishop cardeal cardenal cardinale cardinal padre priest
    general coronel colonnello colonel capitán capitão capitano captain comandante commander
    tenente teniente sargento sargente sergeant inspector inspetor ispettore delegado delegada
    diretor diretora director directora direttore direttrice chairman chairwoman chief ceo ingeniero ingeniera
    licenciado licenciada arquitecto arquitecta engenheiro engenheira ingegnere architetto mahatma
    fundador fundadora fondatore founder empresário empresária empresario empresaria
    imprenditore imprenditrice businessman businesswoman magnate magnata
    cantor cantora cantante singer rapper actor actriz ator atriz attore attrice actress
    escritor escritora scrittore scrittrice writer novelist autor autora author poeta poet
    dramaturgo dramaturga playwright jornalista periodista giornalista journalist reporter repórter
    apresentador apresentadora presentador presentadora conduttore conduttrice presenter host
    humorista comediante comico comedian jogador jogadora jugador jugadora giocatore giocatrice
    player footballer futbolista calciatore técnico entrenador entrenadora allenatore coach
    treinador treinadora atleta athlete sprinter tenista tennista boxeador pugile boxer piloto pilota
    economista economist professor professora profesor profesora professore professoressa
    doctor doutor doutora médico médica medico dottore dottoressa científico cientista scienziato
    scientist investigador investigadora pesquisador pesquisadora researcher
    portavoz porta-voz portavoce spokesman spokeswoman spokesperson redactor redactora redator redattore
    líder leader dirigente militante activista ativista attivista activist
    embajador embajadora embaixador embaixadora ambasciatore ambassador diplomata diplomático
    cónsul consul productor productora produtor produtora produttore producer cineasta regista
    compositor compositora compositore composer músico música musicista musician pintor pintora
    pittore artist artista arquitecto arquiteto architetto architect
    senhor senhora señor señora signor signora sr sra
    titolare proprietario proprietaria gestore gestrice commerciante negoziante esercente pensionato pensionata
    studente studentessa operaio operaia impiegato impiegata infermiere infermiera maresciallo brigadiere
    appuntato carabiniere questore prefetto assessore assessora vicesindaco parroco sacerdote autista
    candidato candidata candidate petista tucano pastor pastora manager boss striker midfielder defender
    goalkeeper winger analyst executive chancellor
    """
)

# Speech verbs that stand right before the person who speaks ("disse Cardoso", "said Diack", "dijo
# Kirby"): with no article between, the name is a person's.
SPEECH_VERBS = _set(
    """
    disse afirmou declarou explicou acrescentou completou ressaltou argumentou
    dijo afirmó declaró explicó añadió agregó señaló aseguró indicó sostuvo
    said says added told explained insisted argued
    detto dichiarato spiegato aggiunto affermato
    """
)

# Lower-case words that name a street or square before its proper name ("via Canaletto Nord").
STREET_WORDS = _set(
    """
    via viale piazza piazzale corso largo vicolo strada contrada località frazione rua avenida
    tangenziale circonvallazione statale provinciale autostrada superstrada estrada autopista highway motorway
    praça travessa alameda rodovia calle avenida plaza paseo carretera barrio bairro quartiere
    avenue street road square lane boulevard
    """
)
# Lower-case nouns of facilities and landforms before a name: "l'ospedale Maggiore", "il fiume Panaro",
# "o rio Tietê", "el estadio Azteca" -> a place (LOC), like a street word.
FACILITY_WORDS = _set(
    """
    ospedale hospital estadio estádio stadio stadium aeroporto aeropuerto airport carcere cárcel prisão
    prison penitenciária penitenciaria fiume rio río river torrente lago lake monte mount montanha
    montaña isola ilha isla island
    """
)

# Month and weekday names (en / es / pt / it): never an entity on their own.
CALENDAR = _set(
    """
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
    diciembre lunes martes miércoles jueves viernes sábado domingo
    janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro
    segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo
    gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre
    lunedì martedì mercoledì giovedì venerdì sabato domenica
    """
) - {"may", "domingo"}  # "May" (Theresa May), "Domingo" (Plácido Domingo) are names too

# Nationalities and demonyms as English capitalises them (and the few the Romance languages
# write capitalised): adjectives and nouns for people, not entities.
DEMONYMS = _set(
    """
    American Americans British Briton Britons English Scottish Scot Scots Welsh Irish French German
    Germans Spanish Spaniard Spaniards Italian Italians Portuguese Brazilian Brazilians Mexican
    Mexicans Argentine Argentinian Argentinians Colombian Colombians Chilean Chileans Peruvian
    Peruvians Venezuelan Venezuelans Cuban Cubans Canadian Canadians Australian Australians
    Chinese Japanese Korean Koreans Indian Indians Pakistani Pakistanis Russian Russians Ukrainian
    Ukrainians Polish Dutch Belgian Belgians Swiss Austrian Austrians Swedish Swede Swedes
    Norwegian Norwegians Danish Dane Danes Finnish Finn Finns Greek Greeks Turkish Turk Turks
    Israeli Israelis Palestinian Palestinians Iranian Iranians Iraqi Iraqis Syrian Syrians
    Egyptian Egyptians Saudi Saudis Afghan Afghans Kenyan Kenyans Ethiopian Ethiopians Nigerian
    Nigerians Ghanaian South African Moroccan Moroccans Algerian Algerians Tunisian Tunisians
    European Europeans African Africans Asian Asians Latin Arab Arabs Muslim Muslims Christian
    Christians Jewish Jew Jews Catholic Catholics Protestant Hispanic Latino Latinos Western
    Eastern Northern Southern New Zealander Kiwi Romanian Romanians Hungarian Hungarians Czech
    Serbian Croatian Bulgarian Albanian Icelandic Scandinavian Caribbean Filipino Filipinos
    Indonesian Vietnamese Thai Malaysian Singaporean Bangladeshi Nepalese Sri Lankan
    Nazi Nazis Soviet Soviets
    """
) - {"latin", "western", "eastern", "northern", "southern", "caribbean", "south", "new", "sri"}

# Page furniture and interface words of web pages and feeds: never an entity on their own.
FURNITURE = _set(
    """
    Tags Tag Share Compartir Compartilhe Compartilhar Condividi Salir Sair Esci Login Logout Menu
    Home Inicio Início Newsletter Cookies Pdf Plugin Publicidad Publicidade Pubblicità
    Advertisement Anuncio Comentarios Comentários Commenti Comments Suscríbete Assine Iscriviti
    Subscribe Imprimir Stampa Print Noticia Noticias Notícia Notícias Notizia Notizie
    """
)
FURNITURE_PHRASES = _set("RIPRODUZIONE_RISERVATA LEGGI_ANCHE LEIA_TAMBÉM LEA_TAMBIÉN READ_MORE LEIA_MAIS VEJA_TAMBÉM "
                         "VEJA_MAIS SAIBA_MAIS CONFIRA_TAMBÉM LEA_MÁS")

# Acronyms of roles, currencies and economic figures, and of kinds of thing (KIND_ACRONYMS): not entities on their own.
KIND_ACRONYMS = frozenset("GPU GPUs CPU CPUs TPU TPUs LLM LLMs".split())  # "GPU Nvidia", "LLM": a kind, not a name
JUNK_ACRONYMS = KIND_ACRONYMS | frozenset(
    "CEO CFO COO CTO CIO CMO VP GDP PIB PIL IVA VAT IPO PDF URL HTML FAQ TV PC AI IA RSS RAM CPU SSD USB ID IDs DVD DVDs CD "
    "CDs RFID MP3 PCs GMT BST SMS GPS LCD LED HD HDTV PIN ATM DNA ADN RNA ARN ARNm mRNA PCR MPs MEPs LGBT LGBTI LGTBI PEC RH MSc BSc PhD MBA MPhil"
    .split())
# Units written in capitals after a number ("64 GB", "5 MW"): not names.
UNITS = frozenset("KB MB GB TB PB GHz MHz KW kW KWh kWh MW MWh GW GWh HP CV".split())

# Words of event and competition names ("European Indoor Championships", "Grand Prix").
EVENT_WORDS = _set(
    """
    Championship Championships Cup Games Open Prix Trophy League Liga Lega Copa Coppa Mundial
    Olympics Olimpiadas Olimpíadas Festival Awards Award Marathon Maratona Maratón Tour Series
    Conference Summit Prize Prizes Premio Premios Premi Prêmio Prémio Prêmios Prémios
    """
)

__all__ = [
    "ARTICLES",
    "CALENDAR",
    "DEMONYMS",
    "DISEASES",
    "SPEECH_VERBS",
    "EVENT_WORDS",
    "FURNITURE",
    "FURNITURE_PHRASES",
    "HONORIFICS",
    "JUNK_ACRONYMS",
    "KIND_ACRONYMS",
    "ROLE_WORDS",
    "STREET_WORDS",
    "COMPANY_WORDS",
    "company_suffix",
    "COORDINATORS",
    "OF_WORDS",
    "country_keys",
    "FIRST_NAMES",
    "IOC_CODES",
    "JOINERS",
    "KNOWN_ORGS",
    "COMPANY_NOUNS",
    "OPERATION_WORDS",
    "THING_NOUNS",
    "ORG_HEADS",
    "PLACE_HEADS",
    "PLACES",
    "SENTENCE_WORDS",
    "fold",
]
