import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { PDFDocument } from "pdf-lib";
import { DEJAVU_SANS, renderLetterPdf } from "../../src/letters/letter-pdf.ts";
import { type RenderedLetter, renderLetter } from "../../src/letters/render-letter.ts";
import { AppError } from "../../src/shared/errors.ts";
import { CLIENT, letterInput, OTTAWA } from "./letter-fixtures.ts";

/** `false` when poppler's pdftotext can read the PDFs back, otherwise why those checks are skipped. */
const withoutPdftotext: false | string =
  spawnSync("pdftotext", ["-v"]).error === undefined
    ? false
    : "pdftotext is not installed (Debian: apt-get install poppler-utils); the PDFs' text is not checked";
const withoutDejaVu: false | string =
  existsSync(DEJAVU_SANS.regular) && existsSync(DEJAVU_SANS.bold)
    ? withoutPdftotext
    : "DejaVu Sans is not installed (Debian: apt-get install fonts-dejavu-core)";
for (const reason of new Set([withoutPdftotext, withoutDejaVu]))
  if (reason) console.log(`# skipping: ${reason}`);

function pdfText(pdf: Uint8Array, ...args: string[]): string {
  const result = spawnSync("pdftotext", [...args, "-", "-"], { input: pdf, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

interface Word {
  text: string;
  page: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Every word with its box, in points from the top left of its page (pdftotext -bbox). */
function pdfWords(pdf: Uint8Array): Word[] {
  const words: Word[] = [];
  let page = 0;
  for (const line of pdfText(pdf, "-bbox").split("\n")) {
    if (line.includes("<page ")) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) {
      const [xMin, yMin, xMax, yMax] = [m[1], m[2], m[3], m[4]].map(Number) as [
        number,
        number,
        number,
        number,
      ];
      words.push({ text: m[5] as string, page, xMin, yMin, xMax, yMax });
    }
  }
  return words;
}

const paperLetter = (templateId: Parameters<typeof letterInput>[0], overrides = {}): RenderedLetter =>
  renderLetter(letterInput(templateId, { channel: "paper", ...overrides }));

/** A refusal with grounds long enough to need more than one page. */
function longRefusal(language: "en" | "fr", count = 16): RenderedLetter {
  const ground =
    language === "fr"
      ? "L’agent n’est pas convaincu que les documents financiers fournis démontrent que vous disposez de fonds suffisants et disponibles pour la durée de votre séjour, compte tenu des dépôts irréguliers effectués entre mars et août."
      : "I am not satisfied that the financial documents show sufficient and available funds for the length of your stay, given the irregular deposits made between March and August and the absence of any explanation for them.";
  const grounds = Array.from({ length: count }, (_, i) => `${i + 1}. ${ground}`).join("\n\n");
  return paperLetter("refusal", { language, values: { grounds } });
}

test("a paper letter is a PDF that pdf-lib reads back, one page for a short letter", async () => {
  const pdf = await renderLetterPdf(paperLetter("request-documents"));
  assert.equal(Buffer.from(pdf.subarray(0, 5)).toString("latin1"), "%PDF-");
  const doc = await PDFDocument.load(pdf);
  assert.equal(doc.getPageCount(), 1);
  assert.deepEqual(doc.getPage(0).getSize(), { width: 612, height: 792 });
  assert.equal(doc.getTitle(), "Request for additional documents – File V000012345");
  assert.equal(doc.getAuthor(), "Ottawa Case Processing Centre");
});

test("the English letter prints letterhead, date, address block, reference, subject, body and page number", {
  skip: withoutDejaVu,
}, async () => {
  const text = pdfText(await renderLetterPdf(paperLetter("request-documents")));
  for (const expected of [
    "Ottawa Case Processing Centre",
    "365 Laurier Avenue West",
    "20 November 2026",
    "Văn Anh Nguyễn",
    "Apt 4, 212 Rideau Street",
    "File number: V000012345 · UCI: 10-0000-0003",
    "Request for additional documents – File V000012345",
    "• Bank statements for the last six months, showing your name and account number",
    "Page 1 of 1",
  ]) {
    assert.ok(text.includes(expected), `missing from the PDF: ${expected}`);
  }
  assert.ok(!text.includes("not a secure means"), "a paper letter carries no email caution");
});

test("a long French letter breaks into pages numbered « Page 1 de 2 », and loses no word", {
  skip: withoutDejaVu,
}, async () => {
  const letter = longRefusal("fr");
  const pdf = await renderLetterPdf(letter);
  const pages = (await PDFDocument.load(pdf)).getPageCount();
  assert.ok(pages >= 2, `expected several pages, got ${pages}`);
  const text = pdfText(pdf);
  for (let page = 1; page <= pages; page++)
    assert.ok(text.includes(`Page ${page} de ${pages}`), `page ${page}`);
  for (const expected of [
    "Centre de traitement des demandes d’Ottawa",
    "Văn Anh Nguyễn",
    "Numéro de dossier : V000012345 · IUC : 10-0000-0003",
    "20 novembre 2026",
  ]) {
    assert.ok(text.includes(expected), `missing from the PDF: ${expected}`);
  }
  const flat = (s: string) => s.replace(/\s+/g, " ");
  assert.ok(flat(text).includes(flat(letter.body.split("\n\n").at(-1) as string)), "last paragraph whole");
  assert.ok(flat(text).includes("16. L’agent n’est pas convaincu"), "last ground");
  assert.ok(flat(text).includes("Veuillez agréer nos salutations distinguées."), "sign-off");
});

test("the text stays inside the margins, and the address sits in a #10 envelope's window", {
  skip: withoutDejaVu,
}, async () => {
  const words = pdfWords(await renderLetterPdf(longRefusal("en")));
  for (const word of words) {
    assert.ok(
      word.xMin >= 71 && word.xMax <= 541,
      `"${word.text}" outside the margins: ${word.xMin}–${word.xMax}`,
    );
    assert.ok(word.yMax <= 792 - 36 && word.yMin >= 36, `"${word.text}" off the page vertically`);
  }
  // Window: 7/8 in from the left, from about 2 in to 3 1/8 in below the top of a page folded in three.
  const addressWords = ["Văn", "Anh", "Nguyễn", "Apt", "Rideau", "K1N"];
  for (const text of addressWords) {
    const word = words.find((w) => w.page === 1 && w.text === text && w.yMin > 100 && w.yMin < 300);
    assert.ok(word, `address word ${text} not found`);
    assert.ok(word.xMin >= 63 && word.xMax <= 63 + 324, `${text} outside the window horizontally`);
    assert.ok(
      word.yMin >= 144 && word.yMax <= 225,
      `${text} outside the window vertically: ${word.yMin}–${word.yMax}`,
    );
  }
  // Nothing else shows through the window.
  const inWindow = words.filter((w) => w.page === 1 && w.yMax > 144 && w.yMin < 225);
  assert.deepEqual(
    inWindow.map((w) => w.text),
    ["Văn", "Anh", "Nguyễn", "Apt", "4,", "212", "Rideau", "Street", "Ottawa", "ON", "K1N", "5Y1"],
  );
});

test("a long office name wraps beside the date instead of running into it", {
  skip: withoutDejaVu,
}, async () => {
  const office = {
    ...OTTAWA,
    nameFr:
      "Section de l’immigration, Ambassade du Canada auprès de la République fédérale démocratique d’Éthiopie",
  };
  const words = pdfWords(await renderLetterPdf(paperLetter("approval", { language: "fr", office })));
  const month = words.find((w) => w.page === 1 && w.text === "novembre");
  assert.ok(month, "the date is printed");
  const date = words.filter((w) => w.page === 1 && w.yMin === month.yMin && w.xMin > 300);
  assert.deepEqual(
    date.map((w) => w.text),
    ["20", "novembre", "2026"],
  );
  const dateStart = Math.min(...date.map((w) => w.xMin));
  const nameWords = words.filter((w) => w.page === 1 && w.yMin < 100 && !date.includes(w));
  assert.ok(
    nameWords.some((w) => w.text === "d’Éthiopie"),
    "the whole name is printed",
  );
  for (const word of nameWords) assert.ok(word.xMax < dateStart - 10, `"${word.text}" runs into the date`);
});

test("the sign-off never stands alone on the last page, wherever the page breaks fall", {
  skip: withoutDejaVu,
}, async () => {
  // Without the rule, 6, 18 and 30 grounds leave "Sincerely," or the office's name alone on the last
  // page, and 19 and 31 (in French) split the last paragraph from the sign-off.
  for (const count of [5, 6, 7, 18, 19, 30, 31]) {
    for (const language of ["en", "fr"] as const) {
      const text = pdfText(await renderLetterPdf(longRefusal(language, count)));
      const lastPage = (
        text
          .split("\f")
          .filter((page) => page.trim() !== "")
          .at(-1) as string
      ).replace(/\s+/g, " ");
      const court = language === "fr" ? /Cour fédérale du Canada/ : /Federal Court of Canada/;
      assert.match(
        lastPage,
        court,
        `${count} grounds in ${language}: the last paragraph is not on the sign-off's page`,
      );
    }
  }
});

test("characters no font has are replaced and reported, and the letter still prints", {
  skip: withoutDejaVu,
}, async () => {
  const letter = paperLetter("approval", {
    language: "fr",
    client: {
      ...CLIENT,
      familyName: "Wiśniewski-Łukasiewicz",
      givenNames: "Zoë",
      postalAddress: "北京市朝阳区建国路 88号\nBeijing 100022\nCHINE",
    },
  });
  const reported: string[][] = [];
  const pdf = await renderLetterPdf(letter, { onUnprintable: (characters) => reported.push(characters) });
  assert.deepEqual(reported, [["北", "京", "市", "朝", "阳", "区", "建", "国", "路", "号"]]);
  const text = pdfText(pdf);
  assert.ok(text.includes("Zoë Wiśniewski-Łukasiewicz"), "DejaVu Sans prints Polish letters");
  assert.ok(text.includes("????????? 88?\nBeijing 100022"), "each character without a glyph is a ?");
});

test("with the standard Helvetica font, letters outside WinAnsi lose only their missing accents", {
  skip: withoutPdftotext,
}, async () => {
  const reported: string[][] = [];
  const pdf = await renderLetterPdf(paperLetter("approval", { language: "fr" }), {
    fonts: null,
    onUnprintable: (characters) => reported.push(characters),
  });
  const text = pdfText(pdf);
  assert.ok(text.includes("Van Anh Nguyên"), "ễ → ê, ă → a");
  assert.ok(text.includes("Centre de traitement des demandes d’Ottawa"), "French accents and ’ are WinAnsi");
  assert.ok(text.includes("Page 1 de 1"), "page number");
  assert.deepEqual(reported, [["ă", "ễ"]]);
});

test("the same letter gives the same bytes, even when letters are printed at the same time", async () => {
  const letters = [
    paperLetter("approval"),
    longRefusal("fr"),
    paperLetter("interview-convocation", { language: "fr" }),
  ];
  const together = await Promise.all(letters.map((letter) => renderLetterPdf(letter)));
  for (const [i, letter] of letters.entries()) {
    const alone = await renderLetterPdf(letter);
    assert.ok(Buffer.from(alone).equals(Buffer.from(together[i] as Uint8Array)), `letter ${i}`);
  }
});

test("only a letter rendered for paper is printed", async () => {
  await assert.rejects(renderLetterPdf(renderLetter(letterInput("approval"))), (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.message, "channel: only a letter rendered for paper can be printed");
    return true;
  });
});

test("a font file named in the options that cannot be read is an error, not a silent fallback", async () => {
  await assert.rejects(
    renderLetterPdf(paperLetter("approval"), {
      fonts: { regular: "/nonexistent/Font.ttf", bold: "/nonexistent/Font-Bold.ttf" },
    }),
    (error: unknown) =>
      error instanceof AppError &&
      error.code === "internal" &&
      /\/nonexistent\/Font\.ttf/.test(error.message),
  );
});
