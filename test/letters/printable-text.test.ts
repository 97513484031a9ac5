import assert from "node:assert/strict";
import { test } from "node:test";
import { printableText } from "../../src/letters/printable-text.ts";

/** Roughly WinAnsi: what the PDF standard Helvetica can draw. */
const latin1 = (codePoint: number) => codePoint < 0x100 || codePoint === 0x2019 || codePoint === 0x2013;

test("text the font can draw is kept as is", () => {
  assert.deepEqual(printableText("Zoë Côté, rue de l’Église – 2e étage", latin1), {
    text: "Zoë Côté, rue de l’Église – 2e étage",
    replaced: [],
  });
});

test("a letter with accents the font lacks keeps the accents it has, else its base letter", () => {
  const result = printableText("Nguyễn Văn Anh, Łódź, Đà Nẵng", latin1);
  assert.equal(result.text, "Nguyên Van Anh, Lódz, Dà Nang");
  assert.deepEqual(result.replaced, ["ễ", "ă", "Ł", "ź", "Đ", "ẵ"]);
});

test("accents typed as separate combining marks are joined first", () => {
  assert.equal(printableText("Jose\u0301", latin1).text, "José");
});

test("a character with no Latin spelling becomes a question mark and is reported once", () => {
  const result = printableText("北京市 北京", latin1);
  assert.equal(result.text, "??? ??");
  assert.deepEqual(result.replaced, ["北", "京", "市"]);
});
