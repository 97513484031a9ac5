import assert from "node:assert/strict";
import { test } from "node:test";
import { wrapText } from "../../src/letters/wrap-text.ts";

/** One unit per character, so widths are easy to reason about. */
const measure = (text: string) => [...text].length;

test("a line that fits comes back untouched, double spaces included", () => {
  assert.deepEqual(wrapText("Ottawa ON  K1A 1L1", 40, measure), ["Ottawa ON  K1A 1L1"]);
});

test("words are moved whole to the next line", () => {
  assert.deepEqual(wrapText("We are reviewing your application today", 16, measure), [
    "We are reviewing",
    "your application",
    "today",
  ]);
});

test("French punctuation after a space stays with the word before it, « with the word after", () => {
  assert.deepEqual(wrapText("les documents suivants : passeport", 22, measure), [
    "les documents",
    "suivants : passeport",
  ]);
  assert.deepEqual(wrapText("le bouton « Répondre »", 14, measure), ["le bouton", "« Répondre »"]);
});

test("a no-break space holds its two words together", () => {
  assert.deepEqual(wrapText("Numéro de dossier\u00a0: V000012345", 18, measure), [
    "Numéro de",
    "dossier\u00a0:",
    "V000012345",
  ]);
});

test("a word wider than a whole line is cut, on whole characters", () => {
  assert.deepEqual(wrapText("write to a.very.long.mailbox@dossier.example today", 12, measure), [
    "write to",
    "a.very.long.",
    "mailbox@doss",
    "ier.example",
    "today",
  ]);
  assert.deepEqual(wrapText("Nguyễnễễễ", 4, measure), ["Nguy", "ễnễễ", "ễ"]);
});
