import type { LetterValuesInput } from "../../src/letters/letter.schema.ts";
import type { LetterTemplateId } from "../../src/letters/letter-templates.ts";
import type {
  LetterApplication,
  LetterClient,
  LetterOffice,
  RenderLetterInput,
} from "../../src/letters/render-letter.ts";

/** 20 November 2026, 10:00 in Ottawa. */
export const TODAY = new Date("2026-11-20T15:00:00Z");

export const OTTAWA: LetterOffice = {
  nameEn: "Ottawa Case Processing Centre",
  nameFr: "Centre de traitement des demandes d’Ottawa",
  postalAddress: "365 Laurier Avenue West\nOttawa ON  K1A 1L1",
  mailboxEmail: "ottawa-cpc@dossier.example",
  timeZone: "America/Toronto",
  defaultResponseDays: null,
};

export const CLIENT: LetterClient = {
  familyName: "Nguyễn",
  givenNames: "Văn Anh",
  uci: "1000000003",
  postalAddress: "Apt 4, 212 Rideau Street\nOttawa ON  K1N 5Y1",
};

export const APPLICATION: LetterApplication = {
  fileNumber: "V000012345",
  lineOfBusiness: "temporary-residence",
};

/** What an officer would type for each letter. */
export const VALUES: LetterValuesInput = {
  "request-documents": {
    documents: [
      "Bank statements for the last six months, showing your name and account number",
      "A letter from your employer confirming your position, salary and approved leave",
    ],
    responseDate: "2026-12-21",
  },
  "interview-convocation": {
    interviewDate: "2027-03-01",
    interviewTime: "09:30",
    interviewPlace: "Ottawa Case Processing Centre, 2nd floor\n365 Laurier Avenue West\nOttawa ON  K1A 1L1",
  },
  approval: {
    nextSteps:
      "Your visa has been placed in your passport, which we are returning to you by registered mail. Please check that the details on the visa are correct.",
  },
  refusal: {
    grounds:
      "I am not satisfied that you will leave Canada at the end of your stay, as required by paragraph 179(b) of the Immigration and Refugee Protection Regulations, based on your family ties in Canada and in your country of residence.",
  },
  "file-transfer": {
    toOffice: {
      nameEn: "Visa Section, Embassy of Canada in Paris",
      nameFr: "Section des visas, Ambassade du Canada à Paris",
    },
  },
  withdrawal: { requestDate: "2026-11-12" },
  "free-text": {
    subject: "Your question about your biometrics",
    body: "Thank you for your email of 14 November.\n\nYour biometrics were received on 3 November and are valid for ten years; you do not need to give them again.",
  },
};

export function letterInput<Id extends LetterTemplateId>(
  templateId: Id,
  overrides: Partial<RenderLetterInput<Id>> = {},
): RenderLetterInput<Id> {
  return {
    templateId,
    language: "en",
    channel: "email",
    values: VALUES[templateId],
    office: OTTAWA,
    client: CLIENT,
    application: APPLICATION,
    today: TODAY,
    ...overrides,
  };
}
