import assert from "node:assert/strict";
import { test } from "node:test";
import { placeholdersIn } from "../../src/letters/fill-placeholders.ts";
import { LETTER_TEMPLATE_IDS } from "../../src/letters/letter-templates.ts";
import { type RenderedLetter, renderLetter } from "../../src/letters/render-letter.ts";
import { LETTER_FRAMES, LETTER_TEMPLATES } from "../../src/letters/templates/index.ts";
import { AppError } from "../../src/shared/errors.ts";
import { APPLICATION, CLIENT, letterInput, OTTAWA, VALUES } from "./letter-fixtures.ts";

function rejects(render: () => unknown, message: string, field?: string) {
  assert.throws(render, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.message, message);
    if (field) assert.equal(error.field, field);
    return true;
  });
}

test("every template renders in English and French, by email and on paper, with every placeholder filled", () => {
  for (const templateId of LETTER_TEMPLATE_IDS) {
    for (const language of ["en", "fr"] as const) {
      for (const channel of ["email", "paper"] as const) {
        const letter: RenderedLetter = renderLetter(letterInput(templateId, { language, channel }));
        const where = `${templateId} ${language} ${channel}`;
        for (const output of [letter.subject, letter.text, letter.html]) {
          assert.doesNotMatch(output, /\{\{|\}\}/, `${where}: a placeholder is left`);
        }
        assert.doesNotMatch(letter.subject, /[\u0000-\u001f]/, `${where}: subject on one line`);
        assert.match(letter.subject, /V000012345/, `${where}: subject carries the file number`);
        assert.match(letter.text, /Văn Anh Nguyễn/, where);
        const officeName = language === "fr" ? OTTAWA.nameFr : OTTAWA.nameEn;
        assert.ok(letter.text.includes(officeName), `${where}: signed by the office`);
        assert.equal(letter.heading.officeName, officeName);
        assert.match(letter.html, new RegExp(`<html lang="${language}-CA">`));
        const caution = language === "fr" ? "pas un moyen de communication sécurisé" : "not a secure means";
        if (channel === "email") {
          assert.ok(letter.text.includes("365 Laurier Avenue West\nOttawa ON  K1A 1L1"), `${where}: address`);
          assert.ok(letter.text.includes(caution), `${where}: email caution`);
          assert.ok(letter.text.includes("ottawa-cpc@dossier.example"), `${where}: how to reply`);
        } else {
          assert.ok(!letter.text.includes(caution), `${where}: no email caution on paper`);
        }
      }
    }
  }
});

test("each letter asks for the same facts in English and in French", () => {
  for (const templateId of LETTER_TEMPLATE_IDS) {
    const [en, fr] = (["en", "fr"] as const).map((language) => {
      const { subject, body } = LETTER_TEMPLATES[language][templateId];
      return [...placeholdersIn(subject), ...placeholdersIn(body)].sort();
    });
    assert.deepEqual(new Set(fr), new Set(en), templateId);
  }
  for (const part of [
    "closingEmail",
    "closingPaper",
    "emailCaution",
    "referenceLine",
    "pageNumber",
  ] as const) {
    assert.deepEqual(placeholdersIn(LETTER_FRAMES.fr[part]), placeholdersIn(LETTER_FRAMES.en[part]), part);
  }
});

test("a request for documents lists the documents and the response date, written in the letter's language", () => {
  const en = renderLetter(letterInput("request-documents"));
  assert.equal(en.subject, "Request for additional documents – File V000012345");
  assert.match(en.text, /^File number: V000012345 · UCI: 10-0000-0003$/m);
  assert.match(en.text, /^• Bank statements for the last six months, showing your name and account number$/m);
  assert.match(
    en.text,
    /^• A letter from your employer confirming your position, salary and approved leave$/m,
  );
  assert.match(en.text, /no later than 21 December 2026\./);
  assert.match(en.text, /your application may be refused\./);
  assert.match(en.html, /<ul><li>Bank statements for the last six months/);

  const fr = renderLetter(letterInput("request-documents", { language: "fr" }));
  assert.equal(fr.subject, "Demande de documents supplémentaires – Dossier V000012345");
  assert.match(fr.text, /^Numéro de dossier : V000012345 · IUC : 10-0000-0003$/m);
  assert.match(fr.text, /au plus tard le 21 décembre 2026\./);
  assert.match(fr.text, /votre demande de résidence temporaire/);
});

test("a citizenship applicant is warned of abandonment, not refusal (Citizenship Act s. 13.2)", () => {
  const application = { ...APPLICATION, fileNumber: "C000000042", lineOfBusiness: "citizenship" as const };
  const en = renderLetter(letterInput("request-documents", { application }));
  assert.match(en.text, /your citizenship application/);
  assert.match(en.text, /may be treated as abandoned\./);
  const fr = renderLetter(letterInput("interview-convocation", { application, language: "fr" }));
  assert.match(fr.text, /pourrait être considérée comme abandonnée\./);
});

test("an interview convocation gives the day, the time, the place and how to ask for another date", () => {
  const en = renderLetter(letterInput("interview-convocation"));
  assert.match(en.text, /^Date: Monday, 1 March 2027$/m);
  assert.match(en.text, /^Time: 9:30 a\.m\. \(local time\)$/m);
  assert.match(en.text, /^Place:\nOttawa Case Processing Centre, 2nd floor\n365 Laurier Avenue West\n/m);
  assert.match(en.text, /If you cannot come at this time, write to us at ottawa-cpc@dossier\.example/);

  const fr = renderLetter(
    letterInput("interview-convocation", {
      language: "fr",
      values: { ...VALUES["interview-convocation"], interviewTime: "14:00" },
    }),
  );
  assert.match(fr.text, /^Date : lundi 1er mars 2027$/m);
  assert.match(fr.text, /^Heure : 14 h \(heure locale\)$/m);
  assert.match(fr.text, /avant le lundi 1er mars 2027/);
});

test("a refusal prints the officer's grounds as written, and is signed by the office", () => {
  const letter = renderLetter(letterInput("refusal"));
  assert.ok(letter.text.includes(VALUES.refusal.grounds), "grounds as written");
  assert.match(letter.text, /Federal Court of Canada/);
  assert.match(letter.text, /Sincerely,\n\nOttawa Case Processing Centre\n365 Laurier Avenue West/);
});

test("a transfer notice names both offices in the letter's language and tells the client there is nothing to do", () => {
  const fr = renderLetter(letterInput("file-transfer", { language: "fr" }));
  assert.match(fr.text, /^Bureau précédent : Centre de traitement des demandes d’Ottawa$/m);
  assert.match(fr.text, /^Nouveau bureau : Section des visas, Ambassade du Canada à Paris$/m);
  assert.match(fr.text, /Vous n’avez rien à faire\./);
  const en = renderLetter(letterInput("file-transfer"));
  assert.match(en.text, /^New office: Visa Section, Embassy of Canada in Paris$/m);
  assert.match(en.text, /You do not need to do anything\./);
});

test("a withdrawal notice gives the day the client asked, and a request date after today is refused", () => {
  assert.match(renderLetter(letterInput("withdrawal")).text, /As you asked on 12 November 2026,/);
  rejects(
    () => renderLetter(letterInput("withdrawal", { values: { requestDate: "2026-11-21" } })),
    "requestDate: must not be after the date of the letter (2026-11-20)",
    "requestDate",
  );
});

test("a request for documents cannot go without a response date", () => {
  rejects(
    () => renderLetter(letterInput("request-documents", { values: { documents: ["Passport"] } })),
    "responseDate: is required for a request for additional documents",
    "responseDate",
  );
  try {
    renderLetter(letterInput("request-documents", { values: { documents: ["Passport"] } }));
  } catch (error) {
    assert.equal(
      (error as AppError).messageFr,
      "responseDate : est obligatoire pour une demande de documents supplémentaires",
    );
  }
});

test("an interview convocation cannot go without an interview date", () => {
  const { interviewDate: _, ...withoutDate } = VALUES["interview-convocation"];
  rejects(
    () => renderLetter(letterInput("interview-convocation", { values: withoutDate as never })),
    "interviewDate: is required for an interview convocation",
    "interviewDate",
  );
  rejects(
    () =>
      renderLetter(
        letterInput("interview-convocation", {
          values: { ...VALUES["interview-convocation"], interviewTime: "9.30" },
        }),
      ),
    "interviewTime: must be a time written HH:MM on the 24-hour clock, e.g. 09:30",
  );
});

test("a response or interview date must be a real date after the day of the letter", () => {
  const request = (responseDate: string) =>
    renderLetter(letterInput("request-documents", { values: { documents: ["Passport"], responseDate } }));
  rejects(
    () => request("2026-11-20"),
    "responseDate: must be a date after the date of the letter (2026-11-20)",
  );
  rejects(
    () => request("2026-10-01"),
    "responseDate: must be a date after the date of the letter (2026-11-20)",
  );
  rejects(() => request("2027-02-30"), "responseDate: must be a real date written YYYY-MM-DD");
  rejects(() => request("21/12/2026"), "responseDate: must be a real date written YYYY-MM-DD");
  rejects(
    () =>
      renderLetter(
        letterInput("interview-convocation", {
          values: { ...VALUES["interview-convocation"], interviewDate: "2026-11-19" },
        }),
      ),
    "interviewDate: must be a date after the date of the letter (2026-11-20)",
  );
});

test("the day of the letter is the office's day: 22:00 in Ottawa is already tomorrow in Tokyo", () => {
  const lateEvening = new Date("2026-11-21T03:00:00Z");
  const values = { documents: ["Passport"], responseDate: "2026-11-21" };
  const ottawa = renderLetter(letterInput("request-documents", { values, today: lateEvening }));
  assert.equal(ottawa.issueDate, "2026-11-20");
  assert.equal(ottawa.heading.dateText, "20 November 2026");
  rejects(
    () =>
      renderLetter(
        letterInput("request-documents", {
          values,
          today: lateEvening,
          office: { ...OTTAWA, timeZone: "Asia/Tokyo" },
        }),
      ),
    "responseDate: must be a date after the date of the letter (2026-11-21)",
  );
});

test("without a date from the officer, the office's default response period sets it, off the weekend", () => {
  const office = { ...OTTAWA, defaultResponseDays: 30 };
  const values = { documents: ["Passport"] };
  // 30 days after Friday 20 November 2026 is Sunday 20 December: the client gets until the Monday.
  const letter = renderLetter(letterInput("request-documents", { office, values }));
  assert.match(letter.text, /no later than 21 December 2026\./);
  const officerChose = renderLetter(
    letterInput("request-documents", { office, values: { ...values, responseDate: "2027-01-08" } }),
  );
  assert.match(officerChose.text, /no later than 8 January 2027\./);
  rejects(
    () =>
      renderLetter(
        letterInput("request-documents", { office: { ...office, defaultResponseDays: 0 }, values }),
      ),
    "defaultResponseDays: must be a whole number of days from 1 to 365",
  );
});

test("documents typed one per line in a form are listed one per line", () => {
  const letter = renderLetter(
    letterInput("request-documents", {
      values: {
        documents: "Passport (all pages)\r\n\r\n  Police certificate from Viet Nam  \n",
        responseDate: "2027-01-08",
      },
    }),
  );
  assert.match(letter.text, /\n\n• Passport \(all pages\)\n• Police certificate from Viet Nam\n\n/);
  rejects(
    () =>
      renderLetter(
        letterInput("request-documents", { values: { documents: " \n ", responseDate: "2027-01-08" } }),
      ),
    "documents: must name at least one document",
  );
});

test("a placeholder typed into a value is printed as typed, never filled in", () => {
  const letter = renderLetter(
    letterInput("free-text", {
      client: { ...CLIENT, givenNames: "{{officeEmail}}" },
      values: { subject: "About {{uci}}", body: "Please quote {{fileNumber}} and {{ nothing }} as written." },
    }),
  );
  assert.equal(letter.subject, "About {{uci}} – File V000012345");
  assert.match(letter.text, /^Dear \{\{officeEmail\}\} Nguyễn,$/m);
  assert.match(letter.text, /^Please quote \{\{fileNumber\}\} and \{\{ nothing \}\} as written\.$/m);
  assert.match(letter.html, /Please quote \{\{fileNumber\}\} and/);
});

test("markup in a value is shown as text in the HTML version, never run", () => {
  const letter = renderLetter(
    letterInput("refusal", {
      office: { ...OTTAWA, nameEn: "Visa Section, Embassy of Canada in Paris & Monaco" },
      values: { grounds: `<script>alert("x")</script>\n<img src=x onerror='alert(1)'>` },
    }),
  );
  assert.doesNotMatch(letter.html, /<script|<img/);
  assert.match(
    letter.html,
    /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;<br>&lt;img src=x onerror=&#39;alert\(1\)&#39;&gt;/,
  );
  assert.match(letter.html, /Embassy of Canada in Paris &amp; Monaco/);
  // The plain text keeps the characters as the officer typed them.
  assert.ok(letter.text.includes(`<script>alert("x")</script>`));
});

test("a line break in a subject cannot add an email header", () => {
  rejects(
    () =>
      renderLetter(
        letterInput("free-text", {
          values: { subject: "Your file\r\nBcc: everyone@example.com", body: "Hello." },
        }),
      ),
    "subject: must be on one line",
    "subject",
  );
  // A value that reaches the subject without an officer typing it (here a damaged file number) is
  // folded onto one line.
  const letter = renderLetter(
    letterInput("approval", {
      application: { ...APPLICATION, fileNumber: "V000012345\r\nBcc: everyone@example.com\u0000" },
    }),
  );
  assert.equal(letter.subject, "Decision on your application – File V000012345 Bcc: everyone@example.com");
});

test("a paper letter needs the client's postal address", () => {
  rejects(
    () =>
      renderLetter(letterInput("approval", { channel: "paper", client: { ...CLIENT, postalAddress: null } })),
    "A paper letter needs the client's postal address; record one on the file first.",
  );
  const email = renderLetter(letterInput("approval", { client: { ...CLIENT, postalAddress: null } }));
  assert.equal(email.heading.clientAddress, null);
});

test("an unknown letter or language is refused as bad input", () => {
  rejects(
    () => renderLetter({ ...letterInput("approval"), templateId: "welcome" } as never),
    "templateId: there is no letter welcome in en",
    "templateId",
  );
  rejects(
    () => renderLetter({ ...letterInput("approval"), language: "de" as never }),
    "templateId: there is no letter approval in de",
  );
});
