import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCsv } from "../../src/identity/parse-csv.ts";
import { readIdentityCsv } from "../../src/identity/read-identity-csv.ts";
import { AppError } from "../../src/shared/errors.ts";

const rows = (text: string) => [...parseCsv(text, "--base")].map((r) => [r.line, r.fields]);

test("quoted fields keep their commas, quotes and line breaks; lines are numbered as in the file", () => {
  assert.deepEqual(
    rows('id,street\r\n1,"12 King St, apt 3"\r\n2,"the ""old"" mill"\n3,"line one\nline two"\n4,plain\n'),
    [
      [1, ["id", "street"]],
      [2, ["1", "12 King St, apt 3"]],
      [3, ["2", 'the "old" mill']],
      [4, ["3", "line one\nline two"]],
      [6, ["4", "plain"]],
    ],
  );
});

test("a byte order mark, blank lines and a missing last newline are tolerated; empty fields are kept", () => {
  assert.deepEqual(rows("\uFEFFid,name\n\n1,,\n2,x"), [
    [1, ["id", "name"]],
    [3, ["1", "", ""]],
    [4, ["2", "x"]],
  ]);
});

function rejects(fn: () => unknown, message: RegExp) {
  assert.throws(
    fn,
    (error: unknown) =>
      error instanceof AppError && error.code === "invalid_input" && message.test(error.message),
  );
}

test("a quote left open or text after a closing quote names the line", () => {
  rejects(
    () => rows('id,name\n1,ok\n2,"never closed\n3,x\n'),
    /^--base: line 3: a quoted field is never closed/,
  );
  rejects(() => rows('id,name\n1,"Ng"uyen\n'), /^--base: line 2: text after a closing quote/);
});

const HEADER = "id,given_name,family_name,date_of_birth,sex,country_of_birth,document_number";

test("records are read by header name, with dates in either form and blanks as unknown", () => {
  const records = readIdentityCsv(
    `${HEADER}\nC1,Ana,García-López,19750520,F,ESP,\nC2, Wei ,Zhang,1990-01-01,,,E1\n`,
    "--base",
  );
  assert.equal(records.length, 2);
  assert.deepEqual(records[0], {
    id: "C1",
    givenName: "Ana",
    familyName: "García-López",
    dateOfBirth: "1975-05-20",
    sex: "F",
    countryOfBirth: "ESP",
    documentNumber: null,
    street: null,
    city: null,
    postalCode: null,
    region: null,
    email: null,
  });
  assert.equal(records[1]!.givenName, "Wei");
  assert.equal(records[1]!.sex, null);
});

test("an email column, when the file has one, is read like the others", () => {
  const records = readIdentityCsv(
    "id,given_name,email\nA-1,Lan,lan.tran@example.com\nA-2,Minh,\n",
    "--incoming",
  );
  assert.deepEqual(
    records.map((r) => [r.id, r.email]),
    [
      ["A-1", "lan.tran@example.com"],
      ["A-2", null],
    ],
  );
});

test("--map reads a field from a column of another name", () => {
  const mapped = new Set<string>();
  const records = readIdentityCsv(
    "Ref,First,Last\nX-1,Olga,Petrova\n",
    "--incoming",
    new Map([
      ["id", "Ref"],
      ["given_name", "First"],
      ["family_name", "Last"],
    ]),
    mapped as Set<never>,
  );
  assert.deepEqual(
    [records[0]!.id, records[0]!.givenName, records[0]!.familyName],
    ["X-1", "Olga", "Petrova"],
  );
  assert.deepEqual([...mapped].sort(), ["family_name", "given_name", "id"]);
});

test("a bad line stops the read and is named with its field", () => {
  rejects(
    () => readIdentityCsv(`${HEADER}\nC1,Ana,Roy,1975-05-20,F,ESP,\nC2,Bo,Li,1984-13-01,M,CHN,\n`, "--base"),
    /^--base: line 3: date_of_birth: "1984-13-01" is not a real date written YYYY-MM-DD or YYYYMMDD$/,
  );
  rejects(
    () => readIdentityCsv(`${HEADER}\nC1,Ana,Roy\n`, "--base"),
    /^--base: line 2: 3 fields where the header has 7$/,
  );
  rejects(() => readIdentityCsv(`${HEADER}\n,Ana,Roy,,,,\n`, "--base"), /^--base: line 2: id: is empty$/);
  rejects(
    () => readIdentityCsv(`${HEADER}\nC1,,,,,,\nC1,,,,,,\n`, "--base"),
    /^--base: line 3: id: C1 appears twice/,
  );
  rejects(() => readIdentityCsv("name\nAna\n", "--base"), /^--base: line 1: no "id" column/);
  rejects(() => readIdentityCsv("", "--base"), /^--base: the file is empty/);
});
