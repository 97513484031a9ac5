import type { OfficeIdentity } from "../../src/enquiries/enquiry.schema.ts";

export const ottawaOffice: OfficeIdentity = {
  code: "OTT",
  nameEn: "Ottawa Migration Office",
  nameFr: "Bureau des migrations d'Ottawa",
  postalAddress: "365 Laurier Avenue West\nOttawa ON K1A 1L1",
  mailboxEmail: "ottawa-immigration@office.example",
};
