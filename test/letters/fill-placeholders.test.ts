import assert from "node:assert/strict";
import { test } from "node:test";
import { fillPlaceholders, placeholdersIn } from "../../src/letters/fill-placeholders.ts";
import { AppError } from "../../src/shared/errors.ts";

test("placeholders are filled in one pass: a value that looks like a placeholder stays as it is", () => {
  const filled = fillPlaceholders("Dear {{clientName}}, file {{fileNumber}}.", {
    clientName: "{{fileNumber}}",
    fileNumber: "V000012345",
  });
  assert.equal(filled, "Dear {{fileNumber}}, file V000012345.");
});

test("a placeholder may carry spaces inside its braces and be used twice", () => {
  assert.equal(fillPlaceholders("{{ a }}-{{a}}", { a: "x" }), "x-x");
});

test("a template naming an unknown placeholder is a programming error", () => {
  assert.throws(
    () => fillPlaceholders("Reply by {{responseDte}}", { responseDate: "12 March 2027" }),
    (error: unknown) =>
      error instanceof AppError &&
      error.code === "internal" &&
      error.message === "letter template uses an unknown placeholder {{responseDte}}",
  );
  // Names inherited from Object.prototype are not values.
  assert.throws(() => fillPlaceholders("{{constructor}}", {}), AppError);
});

test("placeholdersIn lists each placeholder once, in order of first use", () => {
  assert.deepEqual(placeholdersIn("{{b}} {{a}} {{ b }} {{not a placeholder}}"), ["b", "a"]);
});
