/**
 * One synthetic client, computed from a seed and an index alone: `syntheticPerson(42, 17)` is the
 * same person on every run, whatever batch it falls in. Pure: no I/O, no clock.
 */
import { nameKey } from "../shared/names.ts";
import { createRandom, type Random } from "./random.ts";
import {
  type Origin,
  type PersonName,
  pickFamilyName,
  pickGivenNames,
  pickOrigin,
  pickWesternGivenName,
  swappedOrder,
  transliterationVariant,
} from "./synthetic-names.ts";
import { passportNumber, pickAddressAbroad, pickCanadianAddress } from "./synthetic-places.ts";

/**
 * Synthetic dates count back from this day rather than from today, so that a seed gives the same
 * people next year as today; it lies in the past, so no date of birth or receipt is in the future.
 */
export const REFERENCE_DATE = "2026-06-30";
const REFERENCE_DAY = Date.parse(`${REFERENCE_DATE}T00:00:00Z`) / 86_400_000;

/**
 * The date `days` days after REFERENCE_DATE (before it when negative). Computed from the day number
 * (H. Hinnant's civil-from-days) because building Date objects dominated the time of a million people.
 */
export function dateFromReference(days: number): string {
  const z = REFERENCE_DAY + days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
}

/** Streams of the seeded generator, so that a person and an application with the same index differ. */
export const STREAM = { person: 1, application: 2, applicationClient: 3, clientOffice: 4 } as const;

export type Sex = "F" | "M" | "X";
export type StatusInCanada =
  | "foreign-national"
  | "permanent-resident"
  | "citizen-by-naturalization"
  | "citizen-by-birth";

export interface SyntheticPassport {
  number: string;
  type: "regular" | "diplomatic" | "official";
  country: string;
  expiryDate: string;
}

export interface SyntheticPerson extends PersonName {
  /** Key of the origin the names were drawn from (`vietnamese`, `arabic`, …); not stored. */
  origin: string;
  sex: Sex;
  dateOfBirth: string;
  countryOfBirth: string;
  citizenships: string[];
  statusInCanada: StatusInCanada;
  aliases: PersonName[];
  passports: SyntheticPassport[];
  email: string | null;
  emailConsentSource: "application-form" | "client-wrote-first" | null;
  postalAddress: string | null;
  language: "en" | "fr";
  /** Codes of the offices that usually handle this person's files. */
  officeHints: readonly string[];
}

// These countries withdraw their nationality from a citizen who takes another one, so a naturalized
// Canadian born there holds Canadian citizenship only.
const NO_DUAL_CITIZENSHIP = new Set(["CHN", "IND", "UKR", "KAZ", "KOR", "AUT", "BLR"]);
// Second nationalities often held by people born in these countries (by descent or former ties).
const SECOND_CITIZENSHIP: Readonly<Record<string, string>> = {
  LBN: "FRA",
  DZA: "FRA",
  MAR: "FRA",
  TUN: "FRA",
  VEN: "ESP",
  ARG: "ITA",
  BRA: "PRT",
  HTI: "USA",
  COL: "ESP",
};

const EMAIL_DOMAINS = ["example.com", "example.net", "example.org"];

export function syntheticPerson(seed: number, index: number): SyntheticPerson {
  const random = createRandom(seed, STREAM.person, index);
  const origin = pickOrigin(random);
  const sex: Sex = random.weighted([
    ["F", 495],
    ["M", 500],
    ["X", 5],
  ]);
  const age = pickAge(random);
  const dateOfBirth = dateFromReference(-(age * 365 + random.int(0, 364)));

  const bornInCanada = random.chance(origin.bornInCanadaShare);
  const countryOfBirth = bornInCanada ? "CAN" : random.weighted(origin.birthCountries);
  const statusInCanada: StatusInCanada = bornInCanada
    ? "citizen-by-birth"
    : random.weighted([
        ["foreign-national", 78],
        ["permanent-resident", 16],
        ["citizen-by-naturalization", age >= 18 ? 6 : 1],
      ]);
  const citizenships = pickCitizenships(random, origin, countryOfBirth, statusInCanada);

  const { name, aliases } = pickNames(random, origin, sex, age);
  const passports = pickPassports(random, citizenships, statusInCanada, age);

  const language = random.chance(origin.frenchShare) ? "fr" : "en";
  const hasEmail = random.chance(age < 14 ? 0.5 : 0.88);
  const email = hasEmail ? emailFor(random, name) : null;
  const emailConsentSource = hasEmail
    ? random.chance(0.85)
      ? "application-form"
      : "client-wrote-first"
    : null;
  const livesInCanada = statusInCanada !== "foreign-national" || random.chance(0.3);
  const postalAddress = random.chance(0.4)
    ? livesInCanada
      ? pickCanadianAddress(random, language === "fr", origin.officeHints)
      : pickAddressAbroad(random, countryOfBirth)
    : null;

  return {
    origin: origin.key,
    ...name,
    sex,
    dateOfBirth,
    countryOfBirth,
    citizenships,
    statusInCanada,
    aliases,
    passports,
    email,
    emailConsentSource,
    postalAddress,
    language,
    officeHints: origin.officeHints,
  };
}

/** Age in whole years: mostly students, workers and young families, with children and parents. */
function pickAge(random: Random): number {
  const [min, max] = random.weighted<readonly [number, number]>([
    [[0, 17], 12],
    [[18, 24], 18],
    [[25, 34], 30],
    [[35, 44], 20],
    [[45, 59], 13],
    [[60, 89], 7],
  ]);
  return random.int(min, max);
}

function pickCitizenships(
  random: Random,
  origin: Origin,
  countryOfBirth: string,
  status: StatusInCanada,
): string[] {
  if (status === "citizen-by-birth") {
    // Some children of immigrants also hold a parent's nationality by descent.
    const parents = random.weighted(origin.birthCountries);
    return parents !== "CAN" && !NO_DUAL_CITIZENSHIP.has(parents) && random.chance(0.2)
      ? ["CAN", parents]
      : ["CAN"];
  }
  const citizenships = [countryOfBirth];
  const second = SECOND_CITIZENSHIP[countryOfBirth];
  if (second && random.chance(0.08)) citizenships.push(second);
  if (status === "citizen-by-naturalization") {
    return NO_DUAL_CITIZENSHIP.has(countryOfBirth) ? ["CAN"] : ["CAN", ...citizenships];
  }
  return citizenships;
}

function pickNames(
  random: Random,
  origin: Origin,
  sex: Sex,
  age: number,
): { name: PersonName; aliases: PersonName[] } {
  if (random.chance(origin.singleNameShare)) {
    // A person with one name is recorded with that name as the family name and no given names.
    return { name: { familyName: pickGivenNames(random, origin, sex), givenNames: "" }, aliases: [] };
  }
  const givenNames = pickGivenNames(random, origin, sex);
  const family = pickFamilyName(random, origin, sex);
  const name = { familyName: family.familyName, givenNames };
  const aliases: PersonName[] = [];

  if (sex === "F" && age >= 22 && random.chance(0.55 * origin.maidenNameShare)) {
    // Married and using the spouse's name; the birth name stays on file (it is on older documents).
    const birthName = pickFamilyName(random, origin, sex).familyName;
    if (birthName !== name.familyName) aliases.push({ familyName: birthName, givenNames });
  }
  if (family.shortForm && random.chance(0.5)) aliases.push({ familyName: family.shortForm, givenNames });
  if (origin.variants.length > 0 && random.chance(0.3)) {
    const variant = pickSpellingVariant(random, origin, name);
    if (variant) aliases.push(variant);
  }
  if (random.chance(origin.swappedOrderShare)) {
    const swapped = swappedOrder(name);
    if (swapped) aliases.push(swapped);
  }
  if (random.chance(origin.westernGivenShare)) {
    aliases.push({ familyName: name.familyName, givenNames: pickWesternGivenName(random, sex) });
  }
  return { name, aliases };
}

function pickSpellingVariant(random: Random, origin: Origin, name: PersonName): PersonName | null {
  const givenFirst = random.chance(0.5);
  for (const part of givenFirst ? (["given", "family"] as const) : (["family", "given"] as const)) {
    if (part === "given") {
      const givenNames = transliterationVariant(random, origin, name.givenNames);
      if (givenNames) return { familyName: name.familyName, givenNames };
    } else {
      const familyName = transliterationVariant(random, origin, name.familyName);
      if (familyName) return { familyName, givenNames: name.givenNames };
    }
  }
  return null;
}

function pickPassports(
  random: Random,
  citizenships: string[],
  status: StatusInCanada,
  age: number,
): SyntheticPassport[] {
  // Not everyone has one on file: young children travel on a parent's application, refugees have none.
  if (!random.chance(age < 6 ? 0.6 : 0.92)) return [];
  const countries = status.startsWith("citizen")
    ? citizenships
    : citizenships.filter((country) => country !== "CAN");
  const held = countries.length > 1 && random.chance(0.25) ? countries : countries.slice(0, 1);
  return held.map((country) => {
    const validityYears = age < 16 ? 5 : 10;
    // Issued at some point in the last validity period and a bit more, so a few have expired.
    const issuedDaysAgo = random.int(0, (validityYears + 1) * 365);
    return {
      number: passportNumber(random, country),
      type: random.weighted([
        ["regular", 965],
        ["official", 20],
        ["diplomatic", 15],
      ] as const),
      country,
      expiryDate: dateFromReference(validityYears * 365 + 2 - issuedDaysAgo),
    };
  });
}

function emailFor(random: Random, name: PersonName): string {
  const given = nameKey(name.givenNames).split(" ")[0] ?? "";
  const family = nameKey(name.familyName).replace(/ /g, "");
  const separator = random.pick([".", "_", ""]);
  const local = given ? `${given}${separator}${family}` : family;
  const suffix = random.chance(0.5) ? String(random.int(1, 99)) : "";
  return `${local}${suffix}@${random.pick(EMAIL_DOMAINS)}`;
}
