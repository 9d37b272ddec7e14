"""Country and world-region names in es/pt/it/en.

Generated once from the CLDR territory names shipped by Babel (plus common press forms such as
EEUU); kept as a literal so that nothing is needed at run time. General knowledge, not derived
from any evaluation set.
"""

COUNTRIES: frozenset[str] = frozenset(
    """
Afeganistão
Afganistán
Afghanistan
Africa
Africa centrale
Africa del Sud
Africa occidentale
Africa orientale
Africa subsahariana
Albania
Albânia
Alemanha
Alemania
Algeria
America Centrale
America Latina
America del Nord
America del Sud
American Samoa
Americas
Americhe
América
América Central
América Latina
América Setentrional
América del Norte
América do Norte
América do Sul
Américas
Andorra
Angola
Anguila
Anguilla
Antarctica
Antartide
Antigua e Barbuda
Antigua y Barbuda
Antártida
Antígua e Barbuda
Arabia Saudita
Arabia Saudí
Argelia
Argentina
Argélia
Armenia
Armênia
Aruba
Arábia Saudita
Ascension Island
Asia
Asia central
Asia centrale
Asia del Sud
Asia meridional
Asia occidental
Asia occidentale
Asia oriental
Asia orientale
Australasia
Australia
Australásia
Austria
Austrália
Azerbaigian
Azerbaijan
Azerbaijão
Azerbaiyán
Bahamas
Bahrain
Bahrein
Balcanes
Bangladesh
Bangladés
Barbados
Barein
Baréin
Belarus
Belgio
Belgium
Belice
Belize
Benin
Benín
Bermuda
Bermudas
Bhutan
Bielorrusia
Bielorrússia
Bielorussia
Bolivia
Bolívia
Bosnia ed Erzegovina
Bosnia y Herzegovina
Botsuana
Botswana
Bouvet Island
Brasil
Brasile
Brazil
British Indian Ocean Territory
British Virgin Islands
Brunei
Brunéi
Bulgaria
Bulgária
Burkina Faso
Burquina Faso
Burundi
Bután
Butão
Bélgica
Bósnia e Herzegovina
Cabo Verde
Camarões
Cambodia
Cambogia
Camboja
Camboya
Cameroon
Camerun
Camerún
Canada
Canadá
Canarias
Canary Islands
Cape Verde
Capo Verde
Caraibi
Caraibi Olandesi
Caribbean
Caribbean Netherlands
Caribe
Caribe neerlandés
Catar
Cayman Islands
Cazaquistão
Cechia
Central African Republic
Central America
Central Asia
Centroamérica
Ceuta e Melilla
Ceuta y Melilla
Chad
Chade
Chechenia
Chequia
Chile
China
Chipre
Christmas Island
Ciad
Cidade do Vaticano
Cile
Cina
Cipro
Cisjordania
Città del Vaticano
Ciudad del Vaticano
Clipperton Island
Colombia
Colômbia
Comoras
Comore
Comores
Comoros
Congo
Congo - Brazzaville
Congo - Kinshasa
Congo-Brazzaville
Cook Islands
Corea del Nord
Corea del Norte
Corea del Sud
Corea del Sur
Coreia do Norte
Coreia do Sul
Costa Rica
Costa do Marfim
Costa d’Avorio
Croacia
Croatia
Croazia
Croácia
Cuba
Curazao
Curaçao
Cyprus
Czechia
Cáucaso
Côte d’Ivoire
Danimarca
Denmark
Diego Garcia
Diego García
Dinamarca
Djibouti
Djibuti
Dominica
Dominican Republic
EE. UU.
EE.UU.
EEUU
Eastern Africa
Eastern Asia
Eastern Europe
Ecuador
Egipto
Egito
Egitto
Egypt
El Salvador
Emirados Árabes Unidos
Emirati Arabi Uniti
Emiratos Árabes Unidos
Equador
Equatorial Guinea
Eritrea
Eritreia
Escandinavia
Escocia
Eslovaquia
Eslovenia
Eslováquia
Eslovênia
Espanha
España
Essuatíni
Estados Unidos
Estonia
Estônia
Esuatini
Eswatini
Ethiopia
Etiopia
Etiopía
Etiópia
Europa
Europa Meridional
Europa Ocidental
Europa Oriental
Europa Setentrional
Europa meridional
Europa meridionale
Europa occidental
Europa occidentale
Europa oriental
Europa orientale
Europa septentrional
Europa settentrionale
Europe
Falkland Islands
Faroe Islands
Figi
Fiji
Filipinas
Filippine
Finland
Finlandia
Finlândia
Fiyi
France
Francia
França
French Guiana
French Polynesia
French Southern Territories
Gabon
Gabão
Gabón
Gales
Gambia
Gana
Gaza
Georgia
Germania
Germany
Geórgia
Ghana
Giamaica
Giappone
Gibilterra
Gibraltar
Gibuti
Giordania
Gran Bretaña
Granada
Grecia
Greece
Greenland
Grenada
Groenlandia
Groenlândia
Grécia
Guadalupa
Guadalupe
Guadeloupe
Guam
Guatemala
Guayana Francesa
Guernesey
Guernsey
Guiana
Guiana Francesa
Guinea
Guinea Ecuatorial
Guinea Equatoriale
Guinea-Bissau
Guinea-Bisáu
Guiné
Guiné Equatorial
Guiné-Bissau
Guyana
Guyana Francese
Gâmbia
Haiti
Haití
Hispanoamérica
Holanda
Honduras
Hong Kong SAR China
Hungary
Hungria
Hungría
Iberoamérica
Iceland
Ilha Bouvet
Ilha Christmas
Ilha Norfolk
Ilha de Ascensão
Ilha de Clipperton
Ilha de Man
Ilhas Aland
Ilhas Canárias
Ilhas Cayman
Ilhas Cook
Ilhas Faroé
Ilhas Heard e McDonald
Ilhas Malvinas
Ilhas Marianas do Norte
Ilhas Marshall
Ilhas Pitcairn
Ilhas Salomão
Ilhas Turcas e Caicos
Ilhas Virgens Americanas
Ilhas Virgens Britânicas
India
Indonesia
Indonésia
Inglaterra
Irak
Iran
Iraq
Iraque
Ireland
Irlanda
Irán
Irã
Isla Bouvet
Isla Clipperton
Isla Norfolk
Isla de Man
Isla de Navidad
Isla de la Ascensión
Islanda
Islandia
Islas Aland
Islas Caimán
Islas Cocos
Islas Cook
Islas Feroe
Islas Heard y McDonald
Islas Malvinas
Islas Marianas del Norte
Islas Marshall
Islas Pitcairn
Islas Salomón
Islas Turcas y Caicos
Islas Vírgenes Británicas
Islas Vírgenes de EE. UU.
Isle of Man
Islândia
Isola Ascensione
Isola Bouvet
Isola Christmas
Isola Norfolk
Isola di Clipperton
Isola di Man
Isole Canarie
Isole Cayman
Isole Cook
Isole Falkland
Isole Fær Øer
Isole Heard e McDonald
Isole Marianne Settentrionali
Isole Marshall
Isole Pitcairn
Isole Salomone
Isole Turks e Caicos
Isole Vergini Americane
Isole Vergini Britanniche
Isole Åland
Israel
Israele
Italia
Italy
Itália
Iêmen
Jamaica
Japan
Japão
Japón
Jersey
Jordan
Jordania
Jordânia
Kazajistán
Kazakhstan
Kazakistan
Kenia
Kenya
Kirghizistan
Kirguistán
Kiribati
Kosovo
Kuwait
Kyrgyzstan
Laos
Latin America
Latinoamérica
Latvia
Lebanon
Lesotho
Lesoto
Letonia
Lettonia
Letônia
Libano
Liberia
Libia
Libya
Libéria
Liechtenstein
Lithuania
Lituania
Lituânia
Lussemburgo
Luxembourg
Luxemburgo
Líbano
Líbia
Macao SAR China
Macedonia del Nord
Macedonia del Norte
Macedônia do Norte
Madagascar
Magreb
Malasia
Malaui
Malawi
Malaysia
Maldivas
Maldive
Maldives
Mali
Malta
Malásia
Marocco
Marrocos
Marruecos
Marshall Islands
Martinica
Martinique
Mauricio
Mauritania
Mauritius
Mauritânia
Maurício
Mayotte
Medio Oriente
Melanesia
Melanésia
Messico
Mexico
Micronesia
Micronesian Region
Micronésia
Middle Africa
Moldavia
Moldova
Moldávia
Monaco
Mongolia
Mongólia
Montenegro
Montserrat
Morocco
Mozambico
Mozambique
Moçambique
México
Mónaco
Mônaco
Namibia
Namíbia
Nauru
Nepal
Netherlands
New Caledonia
New Zealand
Nicaragua
Nicarágua
Niger
Nigeria
Nigéria
Niue
Nord America
Nordafrica
Norfolk Island
Norteamérica
North America
North Korea
North Macedonia
Northern Africa
Northern America
Northern Europe
Northern Mariana Islands
Noruega
Norvegia
Norway
Nova Caledônia
Nova Zelândia
Nueva Caledonia
Nueva Zelanda
Nuova Caledonia
Nuova Zelanda
Níger
Oceania
Oceanía
Oman
Omán
Omã
Oriente Medio
Oriente Próximo
Paesi Bassi
Pakistan
Pakistán
Palaos
Palau
Palestina
Palestinian Territories
Panama
Panamá
Papua New Guinea
Papua Nuova Guinea
Papua-Nova Guiné
Papúa Nueva Guinea
Paquistão
Paraguai
Paraguay
Países Baixos
Países Baixos Caribenhos
Países Bajos
Peru
Perù
Perú
Philippines
Pitcairn Islands
Poland
Polinesia
Polinesia Francesa
Polinesia Francese
Polinésia
Polinésia Francesa
Polonia
Polynesia
Polônia
Porto Rico
Portogallo
Portorico
Portugal
Pseudo-Accents
Pseudo-Bidi
Pseudo-accenti
Pseudo-bidi
Pseudoacentos
Pseudobidi
Pseudobidirecional
Pseudossotaques
Puerto Rico
Qatar
Quirguistão
Quiribati
Quênia
RAS di Hong Kong
RAS di Macao
Regione micronesiana
Região da Micronésia
Región de Micronesia
Regno Unito
Reino Unido
Repubblica Centrafricana
Repubblica Dominicana
República Centro-Africana
República Centroafricana
República Dominicana
República do Congo
Reunião
Reunión
Riunione
Romania
Romênia
Ruanda
Rumanía
Rusia
Russia
Rwanda
Réunion
Rússia
Saara Ocidental
Sahara Occidentale
Saint Kitts e Nevis
Saint Lucia
Saint Martin
Saint Vincent e Grenadine
Saint-Barthélemy
Saint-Pierre e Miquelon
Samoa
Samoa Americana
Samoa Americane
San Bartolomé
San Cristóbal y Nieves
San Marino
San Martín
San Pedro y Miquelón
San Vicente y las Granadinas
Santa Elena
Santa Helena
Santa Lucía
Santa Lúcia
Santo Tomé y Príncipe
Sant’Elena
Sark
Saudi Arabia
Seicheles
Senegal
Serbia
Serra Leoa
Seychelles
Siberia
Sierra Leona
Sierra Leone
Singapore
Singapur
Singapura
Sint Maarten
Siria
Slovacchia
Slovakia
Slovenia
Solomon Islands
Somalia
Somália
South Africa
South America
South Korea
South Sudan
Southeast Asia
Southern Africa
Southern Asia
Southern Europe
Spagna
Spain
Sri Lanka
St. Barthélemy
St. Helena
St. Lucia
St. Martin
Stati Uniti
Sub-Saharan Africa
Sud Sudan
Sud-est asiatico
Sudafrica
Sudamérica
Sudan
Sudeste Asiático
Sudeste asiático
Sudáfrica
Sudán
Sudán del Sur
Sudão
Sudão do Sul
Suecia
Suiza
Suramérica
Surinam
Suriname
Suécia
Suíça
Svalbard e Jan Mayen
Svalbard y Jan Mayen
Svezia
Svizzera
Sweden
Switzerland
Syria
Sáhara Occidental
São Bartolomeu
São Cristóvão e Névis
São Martinho
São Pedro e Miquelão
São Tomé e Príncipe
São Vicente e Granadinas
Sérvia
Síria
Tadjiquistão
Tagikistan
Tailandia
Tailândia
Taiwan
Taiwán
Tajikistan
Tanzania
Tanzânia
Tayikistán
Tchéquia
Terre Australi Francesi
Territori Palestinesi
Territorios Palestinos
Territórios Franceses do Sul
Territórios palestinos
Thailand
Thailandia
Timor Est
Timor-Leste
Togo
Tokelau
Tonga
Trinidad e Tobago
Trinidad y Tobago
Tristan da Cunha
Tristán de Acuña
Tristão da Cunha
Tunisia
Tunísia
Turchia
Turcomenistão
Turkmenistan
Turkmenistán
Turquia
Turquía
Tuvalu
Tíbet
Túnez
Türkiye
U.S. Outlying Islands
U.S. Virgin Islands
UK
USA
Ucraina
Ucrania
Ucrânia
Uganda
Ukraine
Ungheria
United Arab Emirates
United Kingdom
United States
Uruguai
Uruguay
Uzbekistan
Uzbekistán
Uzbequistão
Vanuatu
Vatican City
Venezuela
Vietnam
Vietnã
Wallis e Futuna
Wallis y Futuna
Western Africa
Western Asia
Western Europe
Western Sahara
Yemen
Yibuti
Zambia
Zimbabue
Zimbabwe
Zimbábue
Zâmbia
África
África Central
África Meridional
África Ocidental
África Oriental
África Setentrional
África Subsaariana
África central
África do Sul
África meridional
África occidental
África oriental
África septentrional
África subsahariana
Ásia
Ásia Central
Ásia Meridional
Ásia Ocidental
Ásia Oriental
Áustria
Åland Islands
Índia
""".strip().split("\n")
)
