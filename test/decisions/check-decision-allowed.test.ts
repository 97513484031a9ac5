import assert from "node:assert/strict";
import { test } from "node:test";
import { assessNonReceipt, type SendingFacts } from "../../src/decisions/assess-non-receipt.ts";
import {
  checkDecisionAllowed,
  type DecisionCheckInput,
  type RequestSending,
} from "../../src/decisions/check-decision-allowed.ts";
import { decisionLetter } from "../../src/decisions/decision-letter.ts";

const emailSent: RequestSending = {
  correspondenceId: "11111111-1111-4111-8111-111111111111",
  channel: "email",
  status: "sent",
  sentAt: new Date("2026-03-02T15:00:00Z"),
  address: "amina.diallo@example.com",
  smtpAccepted: true,
  archivedCopy: false,
  undelivered: false,
};

const base: DecisionCheckInput = {
  outcome: "refused",
  basis: "non-compliance",
  lineOfBusiness: "permanent-residence",
  applicationStatus: "in-progress",
  request: {
    correspondenceId: emailSent.correspondenceId,
    templateId: "request-documents",
    subject: "Request for additional documents – File E000000042",
    dueDate: "2026-04-01",
    sendings: [emailSent],
  },
  today: "2026-04-02",
};

function refusalCodes(input: DecisionCheckInput): string[] {
  const check = checkDecisionAllowed(input);
  return check.allowed ? [] : check.refusals.map((r) => r.code);
}

test("a non-compliance refusal after the date, on a request the mail server accepted, rests on IRPR s. 10", () => {
  const check = checkDecisionAllowed(base);
  assert.equal(check.allowed, true);
  assert.ok(check.allowed);
  assert.equal(check.legalBasis, "irpr-s10");
  assert.equal(check.proof?.correspondenceId, emailSent.correspondenceId);
});

test("not before the day after the response date: the whole due day is the applicant's", () => {
  const check = checkDecisionAllowed({ ...base, today: "2026-04-01" });
  assert.equal(check.allowed, false);
  assert.ok(!check.allowed);
  assert.deepEqual(
    check.refusals.map((r) => r.code),
    ["response-date-not-passed"],
  );
  assert.match(check.refusals[0]!.en, /until 2026-04-01/);
  assert.match(check.refusals[0]!.fr, /jusqu’au 2026-04-01/);
});

test("no proof of sending: not sent, sent without the server's acceptance, paper never recorded mailed", () => {
  const request = base.request!;
  assert.deepEqual(
    refusalCodes({
      ...base,
      request: { ...request, sendings: [{ ...emailSent, status: "generate", sentAt: null }] },
    }),
    ["not-sent"],
  );
  assert.deepEqual(
    refusalCodes({ ...base, request: { ...request, sendings: [{ ...emailSent, smtpAccepted: false }] } }),
    ["no-proof-of-sending"],
  );
  // An email recorded from Outlook has no SMTP reply but its sent copy is archived: that is proof.
  assert.deepEqual(
    refusalCodes({
      ...base,
      request: { ...request, sendings: [{ ...emailSent, smtpAccepted: false, archivedCopy: true }] },
    }),
    [],
  );
  assert.deepEqual(
    refusalCodes({
      ...base,
      request: {
        ...request,
        sendings: [{ ...emailSent, channel: "paper", status: "generate", sentAt: null, smtpAccepted: false }],
      },
    }),
    ["not-sent"],
  );
});

test("a bounce is unresolved until a resend or a paper copy has gone out", () => {
  const request = base.request!;
  const bounced = { ...emailSent, status: "undelivered", undelivered: true };
  const paperWaiting: RequestSending = {
    ...emailSent,
    correspondenceId: "22222222-2222-4222-8222-222222222222",
    channel: "paper",
    status: "generate",
    sentAt: null,
    smtpAccepted: false,
    address: "12 Rue Principale, Dakar",
  };
  const check = checkDecisionAllowed({ ...base, request: { ...request, sendings: [bounced, paperWaiting] } });
  assert.ok(!check.allowed);
  assert.deepEqual(
    check.refusals.map((r) => r.code),
    ["bounce-unresolved"],
  );
  assert.match(check.refusals[0]!.en, /came back undelivered and has not been sent again/);
  const mailed = { ...paperWaiting, status: "sent", sentAt: new Date("2026-03-05T14:00:00Z") };
  const after = checkDecisionAllowed({ ...base, request: { ...request, sendings: [bounced, mailed] } });
  assert.ok(after.allowed);
  assert.equal(after.proof?.channel, "paper");
});

test("an abandonment is for citizenship only, and a citizenship file is not refused under IRPR s. 10", () => {
  assert.deepEqual(refusalCodes({ ...base, outcome: "abandoned", basis: undefined }), [
    "abandonment-citizenship-only",
  ]);
  assert.deepEqual(refusalCodes({ ...base, lineOfBusiness: "citizenship" }), [
    "non-compliance-refusal-not-citizenship",
  ]);
  const abandoned = checkDecisionAllowed({
    ...base,
    outcome: "abandoned",
    basis: undefined,
    lineOfBusiness: "citizenship",
  });
  assert.ok(abandoned.allowed);
  assert.equal(abandoned.legalBasis, "citizenship-act-s13.2");
  // A refusal on the merits needs no request.
  assert.deepEqual(refusalCodes({ ...base, basis: "merits", request: null }), []);
});

test("an application already decided takes no second decision", () => {
  assert.deepEqual(refusalCodes({ ...base, applicationStatus: "refused" }), ["already-decided"]);
});

const sending: SendingFacts = {
  correspondenceId: emailSent.correspondenceId,
  channel: "email",
  status: "sent",
  sentAt: "2026-03-02T15:00:00.000Z",
  address: "amina.diallo@example.com",
  addressOnFileThen: "amina.diallo@example.com",
  mostRecentAddress: true,
  proven: true,
  undeliveredNotices: 0,
};
const request = { correspondenceId: sending.correspondenceId, subject: "Request", dueDate: "2026-04-01" };

test("non-receipt: the facts name the office's error, or say the risk is the applicant's", () => {
  const notSent = assessNonReceipt({
    lineOfBusiness: "citizenship",
    request: {
      ...request,
      sendings: [{ ...sending, status: "generate", sentAt: null, mostRecentAddress: null }],
    },
  });
  assert.equal(notSent.officeError?.kind, "not-sent");
  assert.equal(notSent.proposal, "reopen");
  assert.equal(notSent.reopeningAllowed, true);

  const superseded = assessNonReceipt({
    lineOfBusiness: "citizenship",
    request: {
      ...request,
      sendings: [{ ...sending, addressOnFileThen: "amina.new@example.org", mostRecentAddress: false }],
    },
  });
  assert.equal(superseded.officeError?.kind, "superseded-address");
  assert.match(
    superseded.officeError!.en,
    /most recent address the applicant had given was amina\.new@example\.org/,
  );

  const bounced = assessNonReceipt({
    lineOfBusiness: "temporary-residence",
    request: { ...request, sendings: [{ ...sending, undeliveredNotices: 1 }] },
  });
  assert.equal(bounced.officeError?.kind, "bounce-not-followed-up");

  const fine = assessNonReceipt({
    lineOfBusiness: "citizenship",
    request: { ...request, sendings: [sending] },
  });
  assert.equal(fine.officeError, null);
  assert.equal(fine.proposal, "assess");
  assert.equal(fine.reopeningAllowed, false, "citizenship: only on an administrative error");
  assert.ok(fine.findings.some((f) => /risk of non-receipt rests with the applicant/.test(f.en)));
  // An immigration file may still be reopened at the decision maker's discretion.
  assert.equal(
    assessNonReceipt({ lineOfBusiness: "permanent-residence", request: { ...request, sendings: [sending] } })
      .reopeningAllowed,
    true,
  );
});

test("the refusal letter states the request, IRPR s. 10 and the annex, in the file's language", () => {
  const en = decisionLetter({
    outcome: "refused",
    language: "en",
    lineOfBusiness: "permanent-residence",
    grounds: "The police certificate was not provided.",
    nextSteps: undefined,
    withdrawalRequestDate: undefined,
    request: { sentOn: "2026-03-02", channel: "email", dueDate: "2026-04-01" },
    recourseAnnex: "What you can do\n• Federal Court: …",
  });
  assert.equal(en.templateId, "decision-refusal");
  assert.match(en.body, /On 2 March 2026, we wrote to you by email/);
  assert.match(en.body, /until 1 April 2026/);
  assert.match(en.body, /Section 10 of the Immigration and Refugee Protection Regulations/);
  assert.match(en.body, /What you can do/);
  const fr = decisionLetter({
    outcome: "abandoned",
    language: "fr",
    lineOfBusiness: "citizenship",
    grounds: "Aucune réponse.",
    nextSteps: undefined,
    withdrawalRequestDate: undefined,
    request: { sentOn: "2026-03-01", channel: "paper", dueDate: "2026-04-01" },
    recourseAnnex: "",
  });
  assert.equal(fr.subject, "Votre demande de citoyenneté est considérée comme abandonnée");
  assert.match(fr.body, /Le 1er mars 2026, nous vous avons écrit par la poste/);
  assert.match(fr.body, /article 13\.2 de la Loi sur la citoyenneté/);
});
