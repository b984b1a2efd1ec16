"""Countries by the names news English gives them: the country, its capital, its demonyms and
the metonyms reporters use ("Islamabad", "Pakistani", "the Kremlin"), so that a speaker and the
party an accusation names fall on one side however each is written.
"""

import re

# One country a line: its name, then the other names that stand for it in news copy.
# General reference data (capitals, demonyms, seats of government), not drawn from any article.
COUNTRIES = """
Afghanistan: Kabul, Afghan, Afghans
Albania: Tirana, Albanian, Albanians
Algeria: Algiers, Algerian, Algerians
Andorra: Andorran
Angola: Luanda, Angolan, Angolans
Argentina: Buenos Aires, Argentine, Argentinian, Argentines, Argentinians
Armenia: Yerevan, Armenian, Armenians
Australia: Canberra, Australian, Australians
Austria: Vienna, Austrian, Austrians
Azerbaijan: Baku, Azerbaijani, Azerbaijanis, Azeri, Azeris
Bahamas: Nassau, Bahamian
Bahrain: Manama, Bahraini, Bahrainis
Bangladesh: Dhaka, Bangladeshi, Bangladeshis
Barbados: Bridgetown, Barbadian
Belarus: Minsk, Belarusian, Belarusians
Belgium: Belgian, Belgians
Belize: Belmopan, Belizean
Benin: Porto-Novo, Cotonou, Beninese
Bhutan: Thimphu, Bhutanese
Bolivia: La Paz, Sucre, Bolivian, Bolivians
Bosnia: Sarajevo, Bosnian, Bosnians, Bosnia and Herzegovina
Botswana: Gaborone, Batswana, Motswana
Brazil: Brasilia, Brasília, Brazilian, Brazilians
Brunei: Bandar Seri Begawan, Bruneian
Bulgaria: Bulgarian, Bulgarians
Burkina Faso: Ouagadougou, Burkinabe, Burkinabè
Burundi: Gitega, Bujumbura, Burundian, Burundians
Cambodia: Phnom Penh, Cambodian, Cambodians
Cameroon: Yaounde, Yaoundé, Cameroonian, Cameroonians
Canada: Ottawa, Canadian, Canadians
Cape Verde: Praia, Cabo Verde, Cape Verdean
Central African Republic: Bangui, Central African
Chad: N'Djamena, Ndjamena, Chadian, Chadians
Chile: Chilean, Chileans
China: Beijing, Chinese, Zhongnanhai, PRC
Colombia: Bogota, Bogotá, Colombian, Colombians
Comoros: Moroni, Comorian
Congo: Kinshasa, Congolese, DRC, DR Congo, Democratic Republic of Congo, Democratic Republic of the Congo
Congo-Brazzaville: Brazzaville, Republic of Congo, Republic of the Congo
Costa Rica: San Jose, San José, Costa Rican, Costa Ricans
Croatia: Zagreb, Croatian, Croatians, Croat, Croats
Cuba: Havana, Cuban, Cubans
Cyprus: Nicosia, Cypriot, Cypriots
Czechia: Prague, Czech, Czechs, Czech Republic
Denmark: Copenhagen, Danish, Dane, Danes
Djibouti: Djiboutian
Dominican Republic: Santo Domingo, Dominican, Dominicans
Ecuador: Quito, Ecuadorian, Ecuadorians, Ecuadorean
Egypt: Cairo, Egyptian, Egyptians
El Salvador: San Salvador, Salvadoran, Salvadorans
Equatorial Guinea: Malabo, Equatoguinean
Eritrea: Asmara, Eritrean, Eritreans
Estonia: Tallinn, Estonian, Estonians
Eswatini: Mbabane, Swazi, Swaziland
Ethiopia: Addis Ababa, Ethiopian, Ethiopians
Fiji: Suva, Fijian, Fijians
Finland: Helsinki, Finnish, Finn, Finns
France: Paris, French, Elysee, Élysée
Gabon: Libreville, Gabonese
Gambia: Banjul, Gambian, Gambians
Georgia: Tbilisi, Georgian, Georgians
Germany: Berlin, German, Germans
Ghana: Accra, Ghanaian, Ghanaians
Greece: Athens, Greek, Greeks
Guatemala: Guatemala City, Guatemalan, Guatemalans
Guinea: Conakry, Guinean, Guineans
Guinea-Bissau: Bissau, Bissau-Guinean
Guyana: Guyanese
Haiti: Port-au-Prince, Haitian, Haitians
Honduras: Tegucigalpa, Honduran, Hondurans
Hungary: Budapest, Hungarian, Hungarians
Iceland: Reykjavik, Reykjavík, Icelandic, Icelander, Icelanders
India: New Delhi, Delhi, Indian, Indians
Indonesia: Jakarta, Indonesian, Indonesians
Iran: Tehran, Iranian, Iranians, Persia
Iraq: Baghdad, Iraqi, Iraqis
Ireland: Dublin, Irish
Israel: Jerusalem, Israeli, Israelis, IDF
Italy: Rome, Italian, Italians
Ivory Coast: Yamoussoukro, Abidjan, Ivorian, Ivorians, Cote d'Ivoire, Côte d'Ivoire
Jamaica: Kingston, Jamaican, Jamaicans
Japan: Tokyo, Japanese
Jordan: Amman, Jordanian, Jordanians
Kazakhstan: Astana, Kazakh, Kazakhs, Kazakhstani
Kenya: Nairobi, Kenyan, Kenyans
Kosovo: Pristina, Kosovar, Kosovars
Kuwait: Kuwait City, Kuwaiti, Kuwaitis
Kyrgyzstan: Bishkek, Kyrgyz
Laos: Vientiane, Lao, Laotian, Laotians
Latvia: Riga, Latvian, Latvians
Lebanon: Beirut, Lebanese
Lesotho: Maseru, Basotho
Liberia: Monrovia, Liberian, Liberians
Libya: Tripoli, Libyan, Libyans
Liechtenstein: Vaduz
Lithuania: Vilnius, Lithuanian, Lithuanians
Luxembourg: Luxembourger
Madagascar: Antananarivo, Malagasy
Malawi: Lilongwe, Malawian, Malawians
Malaysia: Kuala Lumpur, Putrajaya, Malaysian, Malaysians
Maldives: Maldivian
Mali: Bamako, Malian, Malians
Malta: Valletta, Maltese
Mauritania: Nouakchott, Mauritanian, Mauritanians
Mauritius: Port Louis, Mauritian
Mexico: Mexico City, Mexican, Mexicans
Moldova: Chisinau, Chișinău, Moldovan, Moldovans
Monaco: Monegasque
Mongolia: Ulaanbaatar, Mongolian, Mongolians
Montenegro: Podgorica, Montenegrin, Montenegrins
Morocco: Rabat, Moroccan, Moroccans
Mozambique: Maputo, Mozambican, Mozambicans
Myanmar: Naypyitaw, Naypyidaw, Nay Pyi Taw, Burma, Burmese
Namibia: Windhoek, Namibian, Namibians
Nepal: Kathmandu, Nepali, Nepalese
Netherlands: Amsterdam, The Hague, Dutch, Holland
New Zealand: Wellington, New Zealander, New Zealanders
Nicaragua: Managua, Nicaraguan, Nicaraguans
Niger: Niamey, Nigerien, Nigeriens
Nigeria: Abuja, Nigerian, Nigerians
North Korea: Pyongyang, North Korean, North Koreans, DPRK
North Macedonia: Skopje, Macedonian, Macedonians
Norway: Oslo, Norwegian, Norwegians
Oman: Muscat, Omani, Omanis
Pakistan: Islamabad, Pakistani, Pakistanis, Rawalpindi
Palestine: Ramallah, Palestinian, Palestinians
Panama: Panama City, Panamanian, Panamanians
Papua New Guinea: Port Moresby, Papua New Guinean
Paraguay: Asuncion, Asunción, Paraguayan, Paraguayans
Peru: Lima, Peruvian, Peruvians
Philippines: Manila, Filipino, Filipinos, Philippine
Poland: Warsaw, Polish, Pole, Poles
Portugal: Lisbon, Portuguese
Qatar: Doha, Qatari, Qataris
Romania: Bucharest, Romanian, Romanians
Russia: Moscow, Kremlin, Russian, Russians, Russian Federation
Rwanda: Kigali, Rwandan, Rwandans, Rwandese
Saudi Arabia: Riyadh, Saudi, Saudis
Senegal: Dakar, Senegalese
Serbia: Belgrade, Serbian, Serbians, Serb, Serbs
Sierra Leone: Freetown, Sierra Leonean, Sierra Leoneans
Singapore: Singaporean, Singaporeans
Slovakia: Bratislava, Slovak, Slovaks
Slovenia: Ljubljana, Slovenian, Slovene, Slovenes
Somalia: Mogadishu, Somali, Somalis
South Africa: Pretoria, Cape Town, South African, South Africans
South Korea: Seoul, South Korean, South Koreans
South Sudan: Juba, South Sudanese
Spain: Madrid, Spanish, Spaniard, Spaniards
Sri Lanka: Colombo, Sri Lankan, Sri Lankans
Sudan: Khartoum, Sudanese
Suriname: Paramaribo, Surinamese
Sweden: Stockholm, Swedish, Swede, Swedes
Switzerland: Bern, Berne, Swiss
Syria: Damascus, Syrian, Syrians
Taiwan: Taipei, Taiwanese
Tajikistan: Dushanbe, Tajik, Tajiks
Tanzania: Dodoma, Dar es Salaam, Tanzanian, Tanzanians
Thailand: Bangkok, Thai, Thais
Timor-Leste: Dili, East Timor, Timorese
Togo: Lome, Lomé, Togolese
Tunisia: Tunis, Tunisian, Tunisians
Turkey: Ankara, Turkish, Turk, Turks, Turkiye, Türkiye
Turkmenistan: Ashgabat, Turkmen
Uganda: Kampala, Ugandan, Ugandans
Ukraine: Kyiv, Kiev, Ukrainian, Ukrainians
United Arab Emirates: Abu Dhabi, Emirati, Emiratis, UAE
United Kingdom: London, British, Briton, Britons, Britain, Great Britain, UK, Downing Street, Whitehall
United States: Washington, American, Americans, America, US, U.S., USA, Pentagon, White House
Uruguay: Montevideo, Uruguayan, Uruguayans
Uzbekistan: Tashkent, Uzbek, Uzbeks
Venezuela: Caracas, Venezuelan, Venezuelans
Vietnam: Hanoi, Vietnamese, Viet Nam
Yemen: Sanaa, Sana'a, Yemeni, Yemenis
Zambia: Lusaka, Zambian, Zambians
Zimbabwe: Harare, Zimbabwean, Zimbabweans
"""


def _table() -> dict[str, str]:
    """Every name, lower-cased, to the one word that stands for its country."""
    names = {}
    for line in COUNTRIES.strip().splitlines():
        country, _, others = line.partition(":")
        key = re.sub(r"\W", "", country.lower())
        names[key] = key  # as join_names writes it
        for name in (country, *others.split(",")):
            names[name.strip().lower()] = key
    return names


NAMES = _table()
# Names of several words, longest first, matched before the text is split into words.
_MULTI = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(name).replace(r"\ ", r"\s+")
        for name in sorted((n for n in NAMES if " " in n or "-" in n), key=len, reverse=True)
    )
    + r")(?![\w-])",
    re.IGNORECASE,
)


def country(word: str) -> str | None:
    """The country a single word stands for ("Kigali", "Rwandan", "Rwandan-backed" → "rwanda"),
    or None."""
    name = word.lower().strip("'’.").removesuffix("'s").removesuffix("’s")
    if name in NAMES or "-" not in name:
        return NAMES.get(name)
    # "Iranian-made", "Russian-backed": the country the compound starts from.
    return NAMES.get(name.split("-")[0])


def join_names(text: str) -> str:
    """`text` with each name of several words written as its country's one word, capitalised
    so that it still reads as a name ("the United States said" → "the Unitedstates said")."""
    if " " not in text and "-" not in text:
        return text
    return _MULTI.sub(lambda found: NAMES[re.sub(r"\s+", " ", found.group().lower())].title(), text)
