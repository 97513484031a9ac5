/**
 * Synthetic applications: which client each belongs to, and its line of business, office, status
 * and dates, consistent with the client (an eTA only for a visa-exempt national, a citizenship
 * application from a permanent resident). Pure: seed and index in, the same application out.
 */
import type { APPLICATION_STATUSES } from "../applications/application.schema.ts";
import type { LineOfBusiness } from "../shared/identifiers.ts";
import { createRandom, type Random } from "./random.ts";
import { dateFromReference, REFERENCE_DATE, STREAM, type SyntheticPerson } from "./synthetic-person.ts";

/**
 * Clients are handed applications in blocks of this many: each application goes to a client of its
 * block, so batches whose size is a multiple of the block hold every application of their clients.
 */
export const CLIENT_BLOCK = 16;

export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface SyntheticApplication {
  lineOfBusiness: LineOfBusiness;
  officeCode: string;
  status: ApplicationStatus;
  statusReason: string | null;
  receivedDate: string;
  language: "en" | "fr";
}

export interface GenerationTotals {
  clients: number;
  applications: number;
}

// Citizens of these countries fly to Canada without a visa and need an eTA instead.
const VISA_EXEMPT = new Set([
  "FRA",
  "BEL",
  "CHE",
  "DEU",
  "AUT",
  "POL",
  "KOR",
  "ESP",
  "PRT",
  "CHL",
  "ITA",
  "GBR",
  "IRL",
  "AUS",
  "TWN",
  "HKG",
]);

const REFUSAL_REASONS: Readonly<Record<LineOfBusiness, readonly string[]>> = {
  "temporary-residence": [
    "Not satisfied the applicant will leave Canada at the end of the authorized stay (R179(b))",
    "Insufficient proof of funds for the stay",
    "Purpose of the visit not established",
  ],
  eta: ["Inadmissible: criminality (IRPA s. 36)", "Misrepresentation (IRPA s. 40)"],
  "permanent-residence": [
    "Eligibility requirements of the class not met",
    "Medically inadmissible (IRPA s. 38)",
  ],
  "family-sponsorship": [
    "Relationship not genuine or entered primarily for immigration (R4)",
    "Sponsor did not meet the income requirement",
  ],
  citizenship: ["Physical presence requirement not met", "Knowledge test not passed"],
};

/** How many applications belong to the clients before `clientIndex` (a block boundary). */
export function applicationsBefore(clientIndex: number, totals: GenerationTotals): number {
  return Math.floor((clientIndex * totals.applications) / totals.clients);
}

/**
 * Every application of the clients `[start, end)` with the client it belongs to. `start` must be a
 * multiple of CLIENT_BLOCK and `end` one too, or the last client. Within a block the clients are
 * drawn at random, so some have none and some several, and the totals come out exact.
 */
export function applicationsOfClients(
  seed: number,
  start: number,
  end: number,
  totals: GenerationTotals,
): { applicationIndex: number; clientIndex: number }[] {
  const result = [];
  for (let blockStart = start; blockStart < end; blockStart += CLIENT_BLOCK) {
    const blockEnd = Math.min(blockStart + CLIENT_BLOCK, totals.clients);
    const last = applicationsBefore(blockEnd, totals);
    for (let j = applicationsBefore(blockStart, totals); j < last; j++) {
      const random = createRandom(seed, STREAM.applicationClient, j);
      result.push({ applicationIndex: j, clientIndex: random.int(blockStart, blockEnd - 1) });
    }
  }
  return result;
}

/** The office that created the client's record: usually the one serving people of that origin. */
export function clientOfficeCode(
  seed: number,
  clientIndex: number,
  person: SyntheticPerson,
  officeCodes: readonly string[],
): string {
  return pickOfficeCode(createRandom(seed, STREAM.clientOffice, clientIndex), person, officeCodes);
}

export function syntheticApplication(
  seed: number,
  index: number,
  person: SyntheticPerson,
  clientOffice: string,
  officeCodes: readonly string[],
): SyntheticApplication {
  const random = createRandom(seed, STREAM.application, index);
  const lineOfBusiness = pickLineOfBusiness(random, person);
  const officeCode = random.chance(0.85) ? clientOffice : pickOfficeCode(random, person, officeCodes);

  const ageInDays = daysBetween(person.dateOfBirth, REFERENCE_DATE);
  const [minDays, maxDays] = random.weighted<readonly [number, number]>([
    [[0, 89], 25],
    [[90, 364], 35],
    [[365, 1094], 28],
    [[1095, 2920], 12],
  ]);
  // Nobody applies before being born; a baby's file is as old as the baby at most.
  const daysAgo = Math.min(ageInDays, random.int(minDays, maxDays));
  const { status, statusReason } = pickStatus(random, lineOfBusiness, daysAgo);
  return {
    lineOfBusiness,
    officeCode,
    status,
    statusReason,
    receivedDate: dateFromReference(-daysAgo),
    language: person.language,
  };
}

function pickLineOfBusiness(random: Random, person: SyntheticPerson): LineOfBusiness {
  switch (person.statusInCanada) {
    case "foreign-national":
      return person.citizenships.some((country) => VISA_EXEMPT.has(country))
        ? random.weighted([
            ["eta", 45],
            ["temporary-residence", 20],
            ["permanent-residence", 25],
            ["family-sponsorship", 10],
          ] as const)
        : random.weighted([
            ["temporary-residence", 55],
            ["permanent-residence", 28],
            ["family-sponsorship", 17],
          ] as const);
    case "permanent-resident":
      // A permanent resident applies for citizenship, or sponsors a spouse, a child or a parent.
      return random.weighted([
        ["citizenship", 65],
        ["family-sponsorship", 35],
      ] as const);
    default:
      // A citizen sponsors family, or asks for a proof of citizenship.
      return random.weighted([
        ["family-sponsorship", 85],
        ["citizenship", 15],
      ] as const);
  }
}

/** Older files are more often decided; an eTA is decided within days. */
function pickStatus(
  random: Random,
  line: LineOfBusiness,
  daysAgo: number,
): { status: ApplicationStatus; statusReason: string | null } {
  let status: ApplicationStatus;
  if (line === "eta") {
    status =
      daysAgo < 3
        ? "received"
        : random.weighted([
            ["approved", 920],
            ["referred", 30],
            ["refused", 30],
            ["withdrawn", 10],
            ["cancelled", 10],
          ] as const);
  } else if (daysAgo < 30) {
    status = random.weighted([
      ["received", 70],
      ["in-progress", 30],
    ] as const);
  } else if (daysAgo < 365) {
    status = random.weighted([
      ["received", 10],
      ["in-progress", 50],
      ["referred", 10],
      ["approved", 20],
      ["refused", 8],
      ["withdrawn", 2],
    ] as const);
  } else {
    status = random.weighted([
      ["in-progress", 10],
      ["referred", 3],
      ["approved", 62],
      ["refused", 15],
      ["withdrawn", 5],
      ["abandoned", 3],
      ["cancelled", 2],
    ] as const);
  }
  const statusReason =
    status === "refused"
      ? random.pick(REFUSAL_REASONS[line])
      : status === "withdrawn"
        ? "Withdrawn at the applicant's request"
        : status === "abandoned"
          ? "No response to the request for documents"
          : status === "cancelled"
            ? "Duplicate application"
            : status === "referred"
              ? "Referred to an officer for review"
              : null;
  return { status, statusReason };
}

/** One of the person's usual offices when the database has one, otherwise any office. */
function pickOfficeCode(random: Random, person: SyntheticPerson, officeCodes: readonly string[]): string {
  const usual = officeCodes.filter((code) => person.officeHints.includes(code));
  return random.pick(usual.length > 0 && random.chance(0.75) ? usual : officeCodes);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
