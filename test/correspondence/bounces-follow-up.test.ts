import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type BounceFollowUpFacts,
  decideBounceFollowUp,
  sameAddress,
} from "../../src/correspondence/decide-bounce-follow-up.ts";
import type { ContactFact, RepresentativeFact } from "../../src/correspondence/resolve-recipient.ts";

const SENT_AT = new Date("2026-03-02T15:15:00Z");
const BEFORE = new Date("2026-01-15T14:00:00Z");
const AFTER = new Date("2026-03-03T09:30:00Z");
const POSTAL = "12 rue Principale\nGatineau QC  J8X 1A1";

function email(value: string, recordedAt: Date, supersededAt: Date | null = null): ContactFact {
  return { kind: "email", value, consentSource: "application-form", recordedAt, supersededAt };
}
function postal(value: string, recordedAt = BEFORE, supersededAt: Date | null = null): ContactFact {
  return { kind: "postal", value, consentSource: null, recordedAt, supersededAt };
}
function representative(overrides: Partial<RepresentativeFact> = {}): RepresentativeFact {
  return {
    name: "Me Jean Bouchard",
    email: "jbouchard@cabinet.example",
    postalAddress: "500 Grande Allée Est\nQuébec QC  G1R 2J7",
    validFrom: "2026-01-10",
    validTo: null,
    recordedAt: BEFORE,
    ...overrides,
  };
}

function facts(overrides: Partial<BounceFollowUpFacts>): BounceFollowUpFacts {
  return {
    sentTo: "anh.nguyen@example.com",
    sentAt: SENT_AT,
    today: "2026-03-04",
    contactHistory: [email("anh.nguyen@example.com", BEFORE), postal(POSTAL)],
    representatives: [],
    ...overrides,
  };
}

test("an email address updated after the send gets the resend", () => {
  const decision = decideBounceFollowUp(
    facts({
      contactHistory: [
        email("anh.nguyen@example.com", BEFORE, AFTER),
        email("anh.n@example.org", AFTER),
        postal(POSTAL),
      ],
    }),
  );
  assert.deepEqual(decision, {
    action: "resend",
    address: "anh.n@example.org",
    addressee: "client",
    representativeName: null,
    recordedAt: AFTER,
    recordedAfterSend: true,
    why: "The file now holds the client's updated email address anh.n@example.org, recorded 2026-03-03T09:30:00.000Z, after the email was sent to anh.nguyen@example.com.",
  });
});

test("a send that went to the most up-to-date address goes by paper to the client's postal address", () => {
  assert.deepEqual(decideBounceFollowUp(facts({})), {
    action: "paper",
    postalAddress: POSTAL,
    addressee: "client",
    representativeName: null,
    why: "The email was sent to anh.nguyen@example.com, the most up-to-date email address on file; it goes by paper mail to the client's postal address.",
  });
});

test("the same address recorded again, in other capitals, is not an updated address", () => {
  const decision = decideBounceFollowUp(
    facts({
      contactHistory: [
        email("anh.nguyen@example.com", BEFORE, AFTER),
        email("Anh.Nguyen@Example.com", AFTER),
        postal(POSTAL),
      ],
    }),
  );
  assert.equal(decision.action, "paper");
});

test("the current postal address is used, not a superseded one", () => {
  const decision = decideBounceFollowUp(
    facts({
      contactHistory: [
        email("anh.nguyen@example.com", BEFORE),
        postal("1 old street", BEFORE, AFTER),
        postal(POSTAL, AFTER),
      ],
    }),
  );
  assert.equal(decision.action === "paper" && decision.postalAddress, POSTAL);
});

test("an email sent to an address already replaced before the send gets a resend that says so", () => {
  const decision = decideBounceFollowUp(
    facts({
      contactHistory: [
        email("anh.nguyen@example.com", BEFORE, new Date("2026-03-01T00:00:00Z")),
        email("anh.n@example.org", new Date("2026-03-01T00:00:00Z")),
      ],
    }),
  );
  assert.equal(decision.action, "resend");
  assert.equal(decision.action === "resend" && decision.recordedAfterSend, false);
  assert.match(decision.why, /before the send: the email went to an outdated address/);
});

test("no postal address on file asks for one", () => {
  assert.deepEqual(
    decideBounceFollowUp(facts({ contactHistory: [email("anh.nguyen@example.com", BEFORE)] })),
    {
      action: "no-postal-address",
      addressee: "client",
      representativeName: null,
      why: "The email was sent to anh.nguyen@example.com, the most up-to-date email address on file, and the file holds no postal address to send it by paper mail.",
    },
  );
});

test("a representative's bounced email goes by paper to the representative's postal address", () => {
  const decision = decideBounceFollowUp(
    facts({ sentTo: "jbouchard@cabinet.example", representatives: [representative()] }),
  );
  assert.deepEqual(decision, {
    action: "paper",
    postalAddress: "500 Grande Allée Est\nQuébec QC  G1R 2J7",
    addressee: "representative",
    representativeName: "Me Jean Bouchard",
    why: "The email was sent to jbouchard@cabinet.example, the most up-to-date email address on file; it goes by paper mail to the representative's postal address.",
  });
});

test("a representative without a postal address: the client's stands in", () => {
  const decision = decideBounceFollowUp(
    facts({
      sentTo: "jbouchard@cabinet.example",
      representatives: [representative({ postalAddress: null })],
    }),
  );
  assert.equal(decision.action, "paper");
  assert.equal(decision.addressee, "client");
  assert.equal(decision.action === "paper" && decision.postalAddress, POSTAL);
});

test("a newer IMM 5476 with another email after the send gets the resend to the representative", () => {
  const decision = decideBounceFollowUp(
    facts({
      sentTo: "jbouchard@cabinet.example",
      representatives: [
        representative(),
        representative({
          email: "jean.bouchard@nouveau-cabinet.example",
          validFrom: "2026-03-03",
          recordedAt: AFTER,
        }),
      ],
    }),
  );
  assert.equal(decision.action, "resend");
  assert.equal(decision.action === "resend" && decision.address, "jean.bouchard@nouveau-cabinet.example");
  assert.equal(decision.addressee, "representative");
  assert.equal(decision.representativeName, "Me Jean Bouchard");
});

test("an IMM 5476 that ended after the send sends the resend to the client's email", () => {
  const decision = decideBounceFollowUp(
    facts({
      sentTo: "jbouchard@cabinet.example",
      representatives: [representative({ validTo: "2026-03-03" })],
    }),
  );
  assert.equal(decision.action, "resend");
  assert.equal(decision.action === "resend" && decision.address, "anh.nguyen@example.com");
  assert.equal(decision.addressee, "client");
});

test("consent to email no longer on file: paper, even though the address did not change", () => {
  const decision = decideBounceFollowUp(
    facts({
      contactHistory: [{ ...email("anh.nguyen@example.com", BEFORE), consentSource: null }, postal(POSTAL)],
    }),
  );
  assert.equal(decision.action, "paper");
  assert.match(decision.why, /no longer holds an email address the office may use/);
});

test("addresses compare without case or surrounding blanks", () => {
  assert.equal(sameAddress(" Anh.Nguyen@EXAMPLE.com", "anh.nguyen@example.com "), true);
  assert.equal(sameAddress("anh.nguyen@example.com", "anh.nguyen@example.org"), false);
});
