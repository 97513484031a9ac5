/**
 * Countries, addresses and passport numbers for synthetic clients, and pure pickers over them.
 * Addresses are plausible, not real: street numbers and postal codes are drawn at random.
 */
import type { Random } from "./random.ts";

interface Country {
  /** English short name, as written on the last line of an international address. */
  name: string;
  cities: readonly string[];
  streets: readonly string[];
  /** Passport number shape: `A` a letter, `9` a digit, `X` either; anything else is kept as is. */
  passport: string;
}

export const COUNTRIES: Readonly<Record<string, Country>> = {
  IND: {
    name: "India",
    cities: ["New Delhi 110001", "Mumbai 400001", "Chandigarh 160017", "Chennai 600002", "Ludhiana 141001"],
    streets: ["MG Road", "Nehru Nagar", "Model Town", "Anna Salai"],
    passport: "A9999999",
  },
  CHN: {
    name: "China",
    cities: ["Beijing 100020", "Shanghai 200030", "Guangzhou 510000", "Shenzhen 518000"],
    streets: ["Jianguo Road", "Nanjing East Road", "Zhongshan Road"],
    passport: "E99999999",
  },
  HKG: {
    name: "Hong Kong",
    cities: ["Kowloon", "Hong Kong Island", "Sha Tin"],
    streets: ["Nathan Road", "Queen's Road Central", "Hennessy Road"],
    passport: "K99999999",
  },
  TWN: {
    name: "Taiwan",
    cities: ["Taipei 100", "Kaohsiung 800", "Taichung 400"],
    streets: ["Zhongxiao East Road", "Minsheng Road"],
    passport: "399999999",
  },
  PHL: {
    name: "Philippines",
    cities: ["Quezon City 1100", "Makati 1226", "Cebu City 6000", "Davao City 8000"],
    streets: ["Rizal Avenue", "Mabini Street", "Bonifacio Street"],
    passport: "P9999999A",
  },
  NGA: {
    name: "Nigeria",
    cities: ["Lagos", "Abuja", "Ibadan", "Port Harcourt", "Enugu"],
    streets: ["Awolowo Road", "Allen Avenue", "Herbert Macaulay Way"],
    passport: "A99999999",
  },
  SYR: {
    name: "Syria",
    cities: ["Damascus", "Aleppo", "Homs"],
    streets: ["Baghdad Street", "Al-Thawra Street"],
    passport: "N99999999",
  },
  LBN: {
    name: "Lebanon",
    cities: ["Beirut", "Tripoli", "Sidon"],
    streets: ["Rue Hamra", "Rue Monot", "Rue Gouraud"],
    passport: "LR9999999",
  },
  EGY: {
    name: "Egypt",
    cities: ["Cairo", "Alexandria", "Giza"],
    streets: ["Tahrir Street", "Corniche El Nil", "Salah Salem Street"],
    passport: "A99999999",
  },
  MAR: {
    name: "Morocco",
    cities: ["Casablanca 20000", "Rabat 10000", "Marrakech 40000", "Fès 30000"],
    streets: ["Boulevard Mohammed V", "Avenue Hassan II", "Rue Ibn Batouta"],
    passport: "AA9999999",
  },
  DZA: {
    name: "Algeria",
    cities: ["Alger 16000", "Oran 31000", "Constantine 25000"],
    streets: ["Rue Didouche Mourad", "Boulevard Mohamed V"],
    passport: "999999999",
  },
  JOR: {
    name: "Jordan",
    cities: ["Amman", "Irbid", "Zarqa"],
    streets: ["Mecca Street", "Rainbow Street"],
    passport: "A999999",
  },
  IRQ: {
    name: "Iraq",
    cities: ["Baghdad", "Erbil", "Basra"],
    streets: ["Al-Rasheed Street", "Abu Nuwas Street"],
    passport: "A99999999",
  },
  TUN: {
    name: "Tunisia",
    cities: ["Tunis 1000", "Sfax 3000", "Sousse 4000"],
    streets: ["Avenue Habib Bourguiba", "Rue de Marseille"],
    passport: "A999999",
  },
  VNM: {
    name: "Viet Nam",
    cities: ["Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng", "Hải Phòng"],
    streets: ["Phố Huế", "Đường Lê Lợi", "Đường Nguyễn Huệ", "Phố Hàng Bài"],
    passport: "C9999999",
  },
  MEX: {
    name: "Mexico",
    cities: ["Ciudad de México 06700", "Guadalajara 44100", "Monterrey 64000", "Puebla 72000"],
    streets: ["Avenida Insurgentes Sur", "Calle Madero", "Paseo de la Reforma"],
    passport: "G99999999",
  },
  COL: {
    name: "Colombia",
    cities: ["Bogotá", "Medellín", "Cali", "Barranquilla"],
    streets: ["Carrera 7", "Calle 26", "Avenida El Poblado"],
    passport: "AX999999",
  },
  PER: {
    name: "Peru",
    cities: ["Lima 15001", "Arequipa 04001", "Cusco 08002"],
    streets: ["Avenida Arequipa", "Jirón de la Unión"],
    passport: "9999999",
  },
  VEN: {
    name: "Venezuela",
    cities: ["Caracas 1010", "Maracaibo 4001", "Valencia 2001"],
    streets: ["Avenida Urdaneta", "Avenida Bolívar"],
    passport: "999999999",
  },
  ESP: {
    name: "Spain",
    cities: ["28013 Madrid", "08002 Barcelona", "46002 Valencia", "41001 Sevilla"],
    streets: ["Calle Mayor", "Gran Vía", "Calle de Alcalá", "Carrer de Balmes"],
    passport: "PAA999999",
  },
  ARG: {
    name: "Argentina",
    cities: ["C1043 Buenos Aires", "X5000 Córdoba", "S2000 Rosario"],
    streets: ["Avenida Corrientes", "Avenida de Mayo"],
    passport: "AAA999999",
  },
  CHL: {
    name: "Chile",
    cities: ["Santiago 8320000", "Valparaíso 2340000", "Concepción 4030000"],
    streets: ["Avenida Libertador Bernardo O'Higgins", "Calle Huérfanos"],
    passport: "F99999999",
  },
  FRA: {
    name: "France",
    cities: ["75011 Paris", "69002 Lyon", "13001 Marseille", "31000 Toulouse", "44000 Nantes"],
    streets: [
      "rue de la République",
      "avenue Jean-Jaurès",
      "boulevard Voltaire",
      "rue du Faubourg Saint-Antoine",
    ],
    passport: "99AA99999",
  },
  BEL: {
    name: "Belgium",
    cities: ["1000 Bruxelles", "4000 Liège", "2000 Antwerpen"],
    streets: ["rue Neuve", "avenue Louise", "Meir"],
    passport: "AA999999",
  },
  CHE: {
    name: "Switzerland",
    cities: ["1201 Genève", "8001 Zürich", "1003 Lausanne"],
    streets: ["rue du Rhône", "Bahnhofstrasse", "avenue de la Gare"],
    passport: "A9999999",
  },
  CAN: { name: "Canada", cities: [], streets: [], passport: "AA999999" },
  BRA: {
    name: "Brazil",
    cities: [
      "São Paulo SP 01310-100",
      "Rio de Janeiro RJ 20040-020",
      "Belo Horizonte MG 30130-000",
      "Curitiba PR 80010-000",
    ],
    streets: ["Avenida Paulista", "Rua das Flores", "Avenida Atlântica", "Rua Augusta"],
    passport: "AA999999",
  },
  PRT: {
    name: "Portugal",
    cities: ["1100-148 Lisboa", "4000-322 Porto", "3000-150 Coimbra"],
    streets: ["Rua Augusta", "Avenida da Liberdade", "Rua de Santa Catarina"],
    passport: "A999999",
  },
  POL: {
    name: "Poland",
    cities: ["00-001 Warszawa", "30-001 Kraków", "50-001 Wrocław", "80-001 Gdańsk"],
    streets: ["ul. Marszałkowska", "ul. Floriańska", "ul. Świętojańska", "al. Jerozolimskie"],
    passport: "AA9999999",
  },
  UKR: {
    name: "Ukraine",
    cities: ["Kyiv 01001", "Lviv 79000", "Kharkiv 61000", "Odesa 65000"],
    streets: ["vul. Khreshchatyk", "vul. Shevchenka", "prosp. Svobody"],
    passport: "AA999999",
  },
  MDA: {
    name: "Moldova",
    cities: ["Chișinău MD-2001", "Bălți MD-3100"],
    streets: ["bd. Ștefan cel Mare", "str. Pușkin"],
    passport: "A99999999",
  },
  RUS: {
    name: "Russian Federation",
    cities: ["Moscow 101000", "Saint Petersburg 190000", "Novosibirsk 630000"],
    streets: ["ul. Tverskaya", "Nevsky prospekt", "ul. Lenina"],
    passport: "999999999",
  },
  KAZ: {
    name: "Kazakhstan",
    cities: ["Almaty 050000", "Astana 010000"],
    streets: ["Abay Avenue", "Dostyk Avenue"],
    passport: "N99999999",
  },
  BLR: {
    name: "Belarus",
    cities: ["Minsk 220030", "Homel 246050"],
    streets: ["prospekt Nezavisimosti", "vul. Lenina"],
    passport: "MP9999999",
  },
  IRN: {
    name: "Iran",
    cities: ["Tehran", "Isfahan", "Shiraz", "Mashhad"],
    streets: ["Valiasr Street", "Enghelab Street", "Chaharbagh Avenue"],
    passport: "A99999999",
  },
  KOR: {
    name: "Republic of Korea",
    cities: ["Seoul 04524", "Busan 48058", "Incheon 21554", "Daegu 41911"],
    streets: ["Sejong-daero", "Teheran-ro", "Haeundae-ro"],
    passport: "M99999999",
  },
  HTI: {
    name: "Haiti",
    cities: ["Port-au-Prince HT6110", "Cap-Haïtien HT1110", "Pétion-Ville HT6140", "Jacmel HT9110"],
    streets: ["Rue Capois", "Avenue John Brown", "Rue Grégoire", "Route de Delmas"],
    passport: "AA9999999",
  },
  DEU: {
    name: "Germany",
    cities: ["10115 Berlin", "80331 München", "20095 Hamburg", "50667 Köln"],
    streets: ["Hauptstraße", "Schloßstraße", "Bahnhofstraße", "Königsallee"],
    passport: "CXXXXXXXX",
  },
  AUT: {
    name: "Austria",
    cities: ["1010 Wien", "8010 Graz", "5020 Salzburg"],
    streets: ["Kärntner Straße", "Mariahilfer Straße", "Getreidegasse"],
    passport: "P9999999",
  },
  TUR: {
    name: "Türkiye",
    cities: ["34000 İstanbul", "06000 Ankara", "35000 İzmir", "16000 Bursa"],
    streets: ["İstiklal Caddesi", "Atatürk Bulvarı", "Bağdat Caddesi", "Cumhuriyet Caddesi"],
    passport: "U99999999",
  },
  GBR: {
    name: "United Kingdom",
    cities: ["London SW1A 1AA", "Manchester M1 1AE", "Glasgow G1 1XQ", "Birmingham B1 1BB"],
    streets: ["High Street", "Station Road", "Church Lane"],
    passport: "999999999",
  },
  USA: {
    name: "United States",
    cities: ["Boston MA 02108", "Seattle WA 98101", "Chicago IL 60601", "Buffalo NY 14202"],
    streets: ["Main Street", "Oak Avenue", "Maple Street"],
    passport: "999999999",
  },
  IRL: {
    name: "Ireland",
    cities: ["Dublin 2", "Cork", "Galway"],
    streets: ["Grafton Street", "Sráid Phádraig", "Shop Street"],
    passport: "AA9999999",
  },
  AUS: {
    name: "Australia",
    cities: ["Sydney NSW 2000", "Melbourne VIC 3000", "Brisbane QLD 4000"],
    streets: ["George Street", "Collins Street", "Queen Street"],
    passport: "PA9999999",
  },
};

interface CanadianCity {
  city: string;
  province: string;
  /** First letter of the city's postal codes (Canada Post forward sortation areas). */
  postalLetter: string;
  streets: readonly string[];
  french: boolean;
  /** The office nearest to the city, used to place a person near the office handling their files. */
  office: string;
}

const CANADIAN_CITIES: readonly CanadianCity[] = [
  {
    city: "Toronto",
    province: "ON",
    postalLetter: "M",
    streets: ["Yonge Street", "Bloor Street West", "Queen Street East", "Dundas Street West"],
    french: false,
    office: "OTT",
  },
  {
    city: "Mississauga",
    province: "ON",
    postalLetter: "L",
    streets: ["Hurontario Street", "Dundas Street East"],
    french: false,
    office: "OTT",
  },
  {
    city: "Brampton",
    province: "ON",
    postalLetter: "L",
    streets: ["Queen Street West", "Bovaird Drive"],
    french: false,
    office: "OTT",
  },
  {
    city: "Ottawa",
    province: "ON",
    postalLetter: "K",
    streets: ["Bank Street", "Rideau Street", "Somerset Street West"],
    french: false,
    office: "OTT",
  },
  {
    city: "Calgary",
    province: "AB",
    postalLetter: "T",
    streets: ["17 Avenue SW", "Centre Street N"],
    french: false,
    office: "VAN",
  },
  {
    city: "Edmonton",
    province: "AB",
    postalLetter: "T",
    streets: ["Jasper Avenue", "Whyte Avenue"],
    french: false,
    office: "VAN",
  },
  {
    city: "Winnipeg",
    province: "MB",
    postalLetter: "R",
    streets: ["Portage Avenue", "Main Street"],
    french: false,
    office: "OTT",
  },
  {
    city: "Halifax",
    province: "NS",
    postalLetter: "B",
    streets: ["Barrington Street", "Spring Garden Road"],
    french: false,
    office: "OTT",
  },
  {
    city: "Vancouver",
    province: "BC",
    postalLetter: "V",
    streets: ["Kingsway", "Main Street", "West Broadway", "Commercial Drive"],
    french: false,
    office: "VAN",
  },
  {
    city: "Surrey",
    province: "BC",
    postalLetter: "V",
    streets: ["King George Boulevard", "Scott Road"],
    french: false,
    office: "VAN",
  },
  {
    city: "Richmond",
    province: "BC",
    postalLetter: "V",
    streets: ["No. 3 Road", "Westminster Highway"],
    french: false,
    office: "VAN",
  },
  {
    city: "Montréal",
    province: "QC",
    postalLetter: "H",
    streets: [
      "rue Saint-Denis",
      "boulevard René-Lévesque Ouest",
      "rue Sainte-Catherine Est",
      "avenue du Parc",
      "rue Jean-Talon Est",
    ],
    french: true,
    office: "MTL",
  },
  {
    city: "Laval",
    province: "QC",
    postalLetter: "H",
    streets: ["boulevard des Laurentides", "boulevard Saint-Martin Ouest"],
    french: true,
    office: "MTL",
  },
  {
    city: "Québec",
    province: "QC",
    postalLetter: "G",
    streets: ["rue Saint-Jean", "Grande Allée Est", "boulevard Charest Ouest"],
    french: true,
    office: "MTL",
  },
  {
    city: "Gatineau",
    province: "QC",
    postalLetter: "J",
    streets: ["boulevard Maloney Ouest", "rue Laurier"],
    french: true,
    office: "OTT",
  },
  {
    city: "Sherbrooke",
    province: "QC",
    postalLetter: "J",
    streets: ["rue King Ouest", "rue Wellington Nord"],
    french: true,
    office: "MTL",
  },
];

// Canada Post never uses D, F, I, O, Q or U in postal codes (they read like other characters).
const POSTAL_LETTERS = [..."ABCEGHJKLMNPRSTVWXYZ"];
// Letters easily confused with digits are left out of passport numbers.
const PASSPORT_LETTERS = [..."ABCDEFGHJKLMNPRSTUVWXYZ"];
const DIGITS = [..."0123456789"];
const ALPHANUMERIC = [...PASSPORT_LETTERS, ...DIGITS];

export function countryName(code: string): string {
  return COUNTRIES[code]?.name ?? code;
}

/** A passport number in the usual shape for the issuing country. */
export function passportNumber(random: Random, country: string): string {
  const shape = COUNTRIES[country]?.passport ?? "A99999999";
  let number = "";
  for (const c of shape) {
    if (c === "A") number += random.pick(PASSPORT_LETTERS);
    else if (c === "9") number += random.pick(DIGITS);
    else if (c === "X") number += random.pick(ALPHANUMERIC);
    else number += c;
  }
  return number;
}

/** An address in Canada; French speakers mostly live in Québec, others near the office that serves them. */
export function pickCanadianAddress(random: Random, french: boolean, officeHints: readonly string[]): string {
  const nearby = CANADIAN_CITIES.filter((c) =>
    french ? c.french : officeHints.includes(c.office) && !c.french,
  );
  const place = random.pick(nearby.length > 0 && random.chance(0.8) ? nearby : CANADIAN_CITIES);
  const unit = random.chance(0.35)
    ? `${place.french ? "app." : "Apt"} ${random.int(1, 30)}${random.int(0, 2)}${random.int(1, 9)}, `
    : "";
  const postalCode =
    place.postalLetter +
    random.int(0, 9) +
    random.pick(POSTAL_LETTERS) +
    " " +
    random.int(0, 9) +
    random.pick(POSTAL_LETTERS) +
    random.int(0, 9);
  return `${unit}${random.int(1, 9999)} ${random.pick(place.streets)}\n${place.city} ${place.province}  ${postalCode}\nCanada`;
}

/** An address in the person's country of birth, or null when the country has none on file. */
export function pickAddressAbroad(random: Random, country: string): string | null {
  const data = COUNTRIES[country];
  if (!data || data.cities.length === 0) return null;
  return `${random.int(1, 250)} ${random.pick(data.streets)}\n${random.pick(data.cities)}\n${data.name.toUpperCase()}`;
}
