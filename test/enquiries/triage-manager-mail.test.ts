import assert from "node:assert/strict";
import { test } from "node:test";
import { type ManagerMailInput, triageManagerMail } from "../../src/enquiries/triage-manager-mail.ts";
import { ottawaOffice } from "./enquiry-fixtures.ts";

function mail(overrides: Partial<ManagerMailInput>): ManagerMailInput {
  return {
    subject: "Study permit V000012345",
    text: "Dear Program Manager, could you look into my client's file? Thank you.",
    fileNumber: "V000012345",
    priorEnquiries: [],
    office: ottawaOffice,
    ...overrides,
  };
}

const breached = {
  reference: "ENQ-2026-000101",
  fileNumber: "V000012345",
  receivedAt: new Date("2026-01-12T16:00:00Z"),
  state: "breached" as const,
};

test("an earlier enquiry on the same file left past the response time makes it an escalation", () => {
  const triage = triageManagerMail(mail({ priorEnquiries: [breached] }));
  assert.equal(triage.decision, "accept");
  assert.equal(triage.decision === "accept" && triage.grounds, "regular-channel-tried");
  assert.equal(triage.decision === "accept" && triage.priorEnquiry, "ENQ-2026-000101");
  assert.equal(
    triage.reason.en,
    "Enquiry ENQ-2026-000101 of 2026-01-12 on the same file is past the published response time without a substantive answer.",
  );
});

test("an unanswered enquiry about another file, or one still within its time, is not the regular channel tried", () => {
  const otherFile = triageManagerMail(mail({ priorEnquiries: [{ ...breached, fileNumber: "V000099999" }] }));
  assert.equal(otherFile.decision, "redirect");
  const stillDue = triageManagerMail(mail({ priorEnquiries: [{ ...breached, state: "due" }] }));
  assert.equal(stillDue.decision, "redirect");
  assert.match(
    stillDue.reason.en,
    /ENQ-2026-000101 on this file is still within the published response time/,
  );
  const answered = triageManagerMail(mail({ priorEnquiries: [{ ...breached, state: "met" }] }));
  assert.equal(answered.decision, "redirect");
});

test("urgent with a reason is accepted: travel, a serious error, a reconsideration request", () => {
  const travel = triageManagerMail(
    mail({
      subject: "URGENT - V000012345",
      text: "My client must be in Calgary for critical repair work; his flight leaves on 14 March.",
    }),
  );
  assert.equal(travel.decision === "accept" && travel.grounds, "urgent");
  assert.deepEqual(travel.decision === "accept" && travel.urgentReasons, [
    { ground: "time-sensitive-travel", phrase: "flight" },
  ]);
  const error = triageManagerMail(
    mail({ text: "This is urgent: the visa was issued with the wrong date of birth, a serious error." }),
  );
  assert.deepEqual(error.decision === "accept" && error.urgentReasons.map((r) => r.ground), [
    "serious-error",
  ]);
  const fr = triageManagerMail(
    mail({
      subject: "Demande de réexamen urgente",
      text: "Bonjour, nous demandons le réexamen de la décision rendue dans ce dossier.",
    }),
  );
  assert.equal(fr.decision, "accept");
  assert.equal(fr.reason.fr, "Signalé comme urgent, avec un motif : « réexamen ».");
});

test("marked high importance counts as flagged urgent, but still needs a reason", () => {
  const withReason = triageManagerMail(
    mail({ markedImportant: true, text: "Please reconsider the refusal." }),
  );
  assert.equal(withReason.decision, "accept");
  const without = triageManagerMail(mail({ markedImportant: true }));
  assert.equal(without.decision, "redirect");
  assert.match(without.reason.en, /without a recognised reason/);
});

test("anything else gets a polite English reply pointing to the office's mailbox", () => {
  const triage = triageManagerMail(mail({}));
  assert.equal(triage.decision, "redirect");
  if (triage.decision !== "redirect") return;
  assert.equal(triage.language, "en");
  assert.equal(triage.reply.subject, "Your message to the migration program manager");
  assert.match(
    triage.reply.text,
    /We have passed your message to the office's enquiries mailbox, ottawa-immigration@office\.example/,
  );
  assert.match(triage.reply.text, /email is not a secure channel/);
  assert.match(triage.reply.text, /Ottawa Migration Office\n365 Laurier Avenue West\nOttawa ON K1A 1L1\n/);
});

test("a French message gets the redirect in French", () => {
  const triage = triageManagerMail(
    mail({
      subject: "Dossier V000012345",
      text: "Bonjour, je vous écris pour avoir des nouvelles de la demande de mon client. Merci.",
    }),
  );
  assert.equal(triage.decision === "redirect" && triage.language, "fr");
  assert.equal(
    triage.decision === "redirect" && triage.reply.subject,
    "Votre message au gestionnaire du programme de migration",
  );
  assert.match(triage.decision === "redirect" ? triage.reply.text : "", /Bureau des migrations d'Ottawa/);
});
