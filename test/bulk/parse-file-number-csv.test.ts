import assert from "node:assert/strict";
import { test } from "node:test";
import { BulkRowsError } from "../../src/bulk/bulk-rows-error.ts";
import { parseFileNumberCsv } from "../../src/bulk/parse-file-number-csv.ts";

const csv = (text: string) => new TextEncoder().encode(text);

function rowsOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof BulkRowsError, String(error));
    return error.rows.map((row) => `${row.line} ${row.fileNumber} ${row.message}`);
  }
  assert.fail("expected a BulkRowsError");
}

test("a bare column of file numbers, CRLF, blank lines and lower case accepted", () => {
  assert.deepEqual(parseFileNumberCsv(csv("V000012345\r\n\r\nv000012346\r\n")), [
    { fileNumber: "V000012345", line: 1 },
    { fileNumber: "V000012346", line: 3 },
  ]);
});

test("a UTF-8 BOM and a file_number or fileNumber header with other columns", () => {
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...csv('name,file_number\nNguyễn,"E000000001"\n')]);
  assert.deepEqual(parseFileNumberCsv(bom), [{ fileNumber: "E000000001", line: 2 }]);
  assert.deepEqual(parseFileNumberCsv(csv("fileNumber\nE000000002")), [
    { fileNumber: "E000000002", line: 2 },
  ]);
});

test("invalid UTF-8 (a Latin-1 export) names its lines", () => {
  const latin1 = new Uint8Array([...csv("V000012345\nNguy"), 0xea, 0x6e, ...csv("\nV000012346\n")]);
  assert.deepEqual(
    rowsOf(() => parseFileNumberCsv(latin1)),
    ["2  is not valid UTF-8; save the file as CSV UTF-8"],
  );
});

test("malformed and repeated file numbers listed with their lines", () => {
  assert.deepEqual(
    rowsOf(() => parseFileNumberCsv(csv("file_number\nV000012345\nV12\nV000012345\n"))),
    [
      "3 V12 must be one capital letter and nine digits, e.g. V000012345",
      "4 V000012345 is already on line 2",
    ],
  );
});

test("an empty file and an unnamed second column are refused", () => {
  assert.deepEqual(
    rowsOf(() => parseFileNumberCsv(csv("file_number\n\n"))),
    ["null  holds no file number"],
  );
  assert.deepEqual(
    rowsOf(() => parseFileNumberCsv(csv("V000012345,x\n"))),
    ["1  has several columns; name the one holding file numbers file_number"],
  );
});

test("more than 20 errors: the first 20 shown, the total counted", () => {
  const text = Array.from({ length: 25 }, (_, i) => `bad${i}`).join("\n");
  try {
    parseFileNumberCsv(csv(text));
    assert.fail("expected an error");
  } catch (error) {
    assert.ok(error instanceof BulkRowsError);
    assert.equal(error.rows.length, 20);
    assert.equal(error.totalErrors, 25);
    assert.match(error.message, /^25 row\(s\) cannot be sent, nothing was created: line 1 BAD0 fileNumber/);
    assert.match(error.message, /\(and 5 more\)/);
  }
});
