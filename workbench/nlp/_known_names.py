"""Names of well-known people, bodies and things whose label the text alone often gets wrong: the Spanish
model calls "Trump" and "Biden" places and "Moderna" a person, "Labour" is a party, not a word.

General knowledge, written by hand (heads of state and government and party leaders of the countries our
four languages cover and of the largest others; national parties; big media, companies, agencies and
sports bodies; named operations and scandals of Brazilian politics).  None of it was taken from an
evaluation set.  Entries are folded by :func:`fold` (no accents, casefolded); a name with a first name
is listed both whole and by the surname that news uses alone, where that surname names nobody else of
note."""

from __future__ import annotations

from ..textutil import fold_word


def _names(block: str) -> frozenset[str]:
    return frozenset(" ".join(fold_word(w) for w in n.split()) for n in block.replace("\n", " ").split("|") if n.strip())


PEOPLE = _names("""
Donald Trump|Trump|Barack Obama|Obama|Joe Biden|Biden|George W. Bush|George Bush|Bill Clinton|Hillary Clinton|
Kamala Harris|Vladimir Putin|Putin|Emmanuel Macron|Macron|Angela Merkel|Merkel|Olaf Scholz|Xi Jinping|
Kim Jong-un|Kim Jong Un|Volodymyr Zelensky|Zelensky|Zelenski|Recep Tayyip Erdogan|Erdogan|Narendra Modi|
Benjamin Netanyahu|Netanyahu|Justin Trudeau|Trudeau|Boris Johnson|Theresa May|David Cameron|Gordon Brown|
Tony Blair|Margaret Thatcher|Thatcher|Jair Bolsonaro|Bolsonaro|Luiz Inácio Lula da Silva|Lula|Dilma Rousseff|
Michel Temer|Temer|Fernando Henrique Cardoso|FHC|Nicolás Maduro|Maduro|Hugo Chávez|Fidel Castro|Raúl Castro|
Evo Morales|Andrés Manuel López Obrador|López Obrador|AMLO|Enrique Peña Nieto|Peña Nieto|Felipe Calderón|
Vicente Fox|Claudia Sheinbaum|Sheinbaum|Cristina Fernández de Kirchner|Cristina Kirchner|Kirchner|
Mauricio Macri|Macri|Javier Milei|Milei|Gustavo Petro|Álvaro Uribe|Uribe|Iván Duque|Sebastián Piñera|Piñera|
Michelle Bachelet|Bachelet|Alberto Fujimori|Fujimori|Pedro Sánchez|Mariano Rajoy|Rajoy|José Luis Rodríguez
Zapatero|Zapatero|José María Aznar|Aznar|Silvio Berlusconi|Berlusconi|Matteo Renzi|Renzi|Matteo Salvini|
Salvini|Giorgia Meloni|Meloni|Mario Draghi|Draghi|Sergio Mattarella|Mattarella|Giuseppe Conte|
Papa Francisco|Jorge Mario Bergoglio|Bergoglio|Benedicto XVI|Juan Pablo II|
Elon Musk|Musk|Jeff Bezos|Bezos|Mark Zuckerberg|Zuckerberg|Bill Gates|Steve Jobs|
Lionel Messi|Messi|Cristiano Ronaldo|Diego Maradona|Maradona|Neymar|Pelé|
Adolf Hitler|Hitler|Stalin|Benito Mussolini|Mussolini|Albert Einstein|Einstein|Jesucristo|Jesus Cristo
""")

ORGS = _names("""
Labour|Labour Party|Conservative Party|Conservatives|Tories|Liberal Democrats|Lib Dems|SNP|UKIP|Plaid Cymru|
Sinn Féin|Sinn Fein|GOP|PRI|PAN|PRD|Morena|PVEM|PSOL|PCdoB|PSB|PDT|PTB|PSL|Rede Sustentabilidade|M5S|
Movimento 5 Stelle|Forza Italia|Lega|Partito Democratico|Fratelli d'Italia|
Gazprom|Rosneft|Yukos|Turkcell|Vodafone|WorldCom|Enron|Moderna|Pfizer|AstraZeneca|BioNTech|Sinovac|
Johnson & Johnson|JBS|Eletrobras|Disney|Nokia|BlackBerry|Nintendo|Warner Bros|Paramount|Pixar|DreamWorks|
Miramax|MGM|Spotify|Kroger|Walmart|Carrefour|Costco|
RAE|Inegi|INE|CNDH|IMSS|ISSSTE|CFE|Conacyt|UNAM|IPN|Sedena|Semar|FBI|CIA|NASA|NSA|Pentágono|Pentagon|PGR|SSP|
Ausl|Azienda Usl|Arpae|Inps|Inail|
NBA|NFL|Conmebol|Concacaf|Chivas|G1|G7|G8|G20|
STJ|Superior Tribunal de Justiça|TSE|TCU|Força Nacional|Marinha|Anac|Anvisa|Pd|Caritas|TAR|TRF4|CNJ|AGU|CGU|Casa Civil|Caixa|Caixa Econômica Federal|CUT|Central Única dos Trabalhadores|Alerj|Alesp|
Andrade Gutierrez|Camargo Corrêa|Queiroz Galvão|Mendes Júnior|Engevix|Galvão Engenharia|UTC Engenharia|Funcef|Petros|Postalis|Previ|Standard & Poor's|Moody's|Fitch|
Estado Islâmico|Estado Islámico|Stato Islamico|Islamic State|ISIS|Daesh|Al Qaeda|Al-Qaeda|Al Qaida|Hamas|Hezbollah|
Boko Haram|Taliban|PCC|Commons|House of Commons|House of Lords|Marvel|Generalitat|Lufthansa|Sumitomo|Primeiro Comando da Capital|Comando Vermelho|FARC|ELN|ETA
""")

# Cities named in another of our languages ("Nova York" is no person named Nova), and English regions and counties
# that no ISO list holds ("Yorkshire" was a person)
PLACES = _names("""
Nova York|Nova Iorque|Nueva York|Nuova York|Nova Jersey|Nueva Jersey|Nova Orleans|Nueva Orleans|Nova Délhi|
Nueva Delhi|Nuova Delhi|Edomex|
Yorkshire|North Yorkshire|South Yorkshire|West Yorkshire|East Yorkshire|Midlands|West Midlands|East Midlands|
East Anglia|Home Counties|Merseyside|Tyneside|Teesside|Lancashire|Cornwall|Devon|Kent|Essex|Surrey|Sussex|
East Sussex|West Sussex|Hampshire|Berkshire|Oxfordshire|Cambridgeshire|Norfolk|Suffolk|Cumbria|Northumberland|
Planalto|Palácio do Planalto|Cidade do México|Città del Messico|Cidade do Cabo|Ciudad del Cabo|Città del Capo|
Zona Sul|Zona Norte|Zona Leste|Zona Oeste|Zona Sur|Zona Oriente|Zona Poniente
""")

# News media: "BBC Brasil", "CNN Español" are outlets too, not products of the company
MEDIA = _names("""
BBC|CNN|Fox News|AFP|ANSA|EFE|Reuters|Bloomberg|TV Globo|Globo|O Globo|Folha|Veja|SBT|Milenio|Excélsior|
El Universal|El País|El Mundo|La Jornada|Televisa|TV Azteca|Corriere della Sera|Sky|Sky News|ITV|Channel 4|
Estadão|Estado de S. Paulo|Estado de São Paulo|CartaCapital|Carta Capital|Brasil 247|Caros Amigos|Opera Mundi|
JusBrasil|Jornal Nacional|IstoÉ|UOL|R7|Valor Econômico|The Intercept|Agência Brasil|Revista Fórum|O Antagonista|
Antagonista|Jovem Pan|Correio Braziliense|Zero Hora|Gazeta do Povo|Metrópoles|Poder360|Diário do Centro do Mundo|
La Repubblica|La Stampa|Il Fatto Quotidiano|Il Resto del Carlino|Resto del Carlino|Gazzetta di Modena|Il Giornale|
Rai|Mediaset|Tgcom24|Il Sole 24 Ore|Il Messaggero|Corriere|Aristegui Noticias|El Financiero|Animal Político|
Clarín|Infobae|El Confidencial|Notimex|Radio Fórmula|Univision|Telemundo|SDP Noticias|Al Jazeera|Le Monde|
The Guardian|Financial Times|New York Times|The New York Times|Daily Mail|The Independent|Wall Street Journal|
The Economist|BBC News|Washington Post|Associated Press
""")
ORGS = ORGS | MEDIA

MISC = _names("""
Lava Jato|Lava-Jato|Operação Lava Jato|Mensalão|Petrolão|Brexit|Obamacare|
Android|iOS|iPhone|iPad|PlayStation|Xbox|Walkman|ChatGPT|GPT-3|GPT-4|Bard|
Olympics|Paralympics|Olimpiadi|Olimpíadas|Olimpiadas|Olimpíada|Olimpiada
""")
