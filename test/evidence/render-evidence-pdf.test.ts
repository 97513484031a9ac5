import assert from "node:assert/strict";
import { test } from "node:test";
import { PDFDocument } from "pdf-lib";
import type { MessageAsSent } from "../../src/evidence/evidence.schema.ts";
import { MAX_BODY_CHARACTERS, renderEvidencePdf } from "../../src/evidence/render-evidence-pdf.ts";
import { pdfText } from "./evidence-fixtures.ts";
import { sampleFacts } from "./sample-facts.ts";

function withMessage(text: string) {
  const message: MessageAsSent = {
    source: "edoc",
    copy: {
      edocId: "0e51af10-ce19-436a-a03f-52fa751e665c",
      fileName: "6f1c2a3b.eml",
      mediaType: "message/rfc822",
      size: 516,
      storedAt: "2026-03-02T15:04:05.000Z",
      recordedSha256: "a".repeat(64),
      computedSha256: "a".repeat(64),
      hashMatches: true,
    },
    otherCopies: [],
    format: "eml",
    headers: {
      from: "Ottawa <ott@dossier.test>",
      to: "Nguyễn Thị Ánh <marguerite.okafor@example.org>",
      cc: "",
      subject: "Request for additional documents",
      date: "Mon, 2 Mar 2026 15:04:05 +0000",
      sentAt: "2026-03-02T15:04:05.000Z",
      messageId: "<6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c@dossier.test>",
    },
    text,
    textFromHtml: false,
    attachments: [{ fileName: "liste.pdf", mediaType: "application/pdf", size: 125 }],
    unreadable: null,
  };
  return sampleFacts({ message, client: { uci: "1000000008", name: "Nguyễn, Thị Ánh 阮氏映" } });
}

test("text is printed as text: markup shows as written, letters the font lacks become '?' rather than empty boxes", async () => {
  const pdf = await renderEvidencePdf(
    withMessage("Dear applicant,\n<b>Please</b> reply <script>x</script>.\n"),
  );
  const text = await pdfText(pdf);
  if (text === null) return;
  assert.match(text, /<b>Please<\/b> reply <script>x<\/script>\./);
  assert.match(text, /Nguyễn, Thị Ánh \?\?\?/, "DejaVu has Vietnamese letters, not Chinese ones");
});

test("with the PDF standard fonts only, accents they lack are dropped, never a failure", async () => {
  const pdf = await renderEvidencePdf(withMessage("Đến hạn: 2 avril 2026 — merci."), { fonts: null });
  assert.ok((await PDFDocument.load(pdf)).getPageCount() >= 2);
  const text = await pdfText(pdf);
  if (text === null) return;
  // Helvetica (WinAnsi) has "ê" and "Á" but not "ễ", "ị" or "Đ".
  assert.match(text, /Nguyên, Thi Ánh \?\?\?/);
  assert.match(text, /Dên han: 2 avril 2026 — merci\./);
});

test("a very long body is cut in the PDF, which says where the whole text is", async () => {
  const body = `${"Relevé de compte, ligne détaillée.\n".repeat(Math.ceil((MAX_BODY_CHARACTERS + 5000) / 35))}FIN`;
  const pdf = await renderEvidencePdf(withMessage(body));
  const text = await pdfText(pdf);
  if (text === null) return;
  assert.doesNotMatch(text, /FIN/);
  assert.match(text, /\[…\] \d+ more characters: the whole text is in this package's message file\./);
});

test("the same facts always make the same PDF", async () => {
  const facts = withMessage("Dear applicant.");
  assert.deepEqual(await renderEvidencePdf(facts), await renderEvidencePdf(facts));
});
