import assert from "node:assert/strict";
import { test } from "node:test";
import { createRandom } from "../../src/generate/random.ts";
import { expectationMaximisation } from "../../src/identity/expectation-maximisation.ts";

// Three fields of three levels each; pairs drawn from a known model, 20% of them matches.
const TRUE_M = [
  [0.85, 0.1, 0.05],
  [0.9, 0.07, 0.03],
  [0.7, 0.2, 0.1],
];
const TRUE_U = [
  [0.02, 0.08, 0.9],
  [0.01, 0.04, 0.95],
  [0.1, 0.2, 0.7],
];

function draw(probabilities: number[], x: number): number {
  let sum = 0;
  for (let level = 0; level < probabilities.length; level++) {
    sum += probabilities[level]!;
    if (x < sum) return level;
  }
  return probabilities.length - 1;
}

test("EM recovers m, u and the share of matches from pairs drawn from a known model", () => {
  const random = createRandom(7);
  const vectors: Int8Array[] = [];
  for (let p = 0; p < 20_000; p++) {
    const match = random.chance(0.2);
    const source = match ? TRUE_M : TRUE_U;
    // Some fields are missing, as they are on real forms; EM must skip them.
    vectors.push(
      Int8Array.from(source.map((levels) => (random.chance(0.05) ? -1 : draw(levels, random.next())))),
    );
  }
  const flat = [
    [1 / 3, 1 / 3, 1 / 3],
    [1 / 3, 1 / 3, 1 / 3],
    [1 / 3, 1 / 3, 1 / 3],
  ];
  const start = {
    m: [
      [0.6, 0.3, 0.1],
      [0.6, 0.3, 0.1],
      [0.5, 0.3, 0.2],
    ],
    u: flat,
    lambda: 0.5,
  };
  const fitted = expectationMaximisation(vectors, start);
  assert.ok(Math.abs(fitted.lambda - 0.2) < 0.02, `lambda ${fitted.lambda}`);
  for (let f = 0; f < 3; f++) {
    for (let l = 0; l < 3; l++) {
      assert.ok(Math.abs(fitted.m[f]![l]! - TRUE_M[f]![l]!) < 0.04, `m[${f}][${l}] ${fitted.m[f]![l]}`);
      assert.ok(Math.abs(fitted.u[f]![l]! - TRUE_U[f]![l]!) < 0.04, `u[${f}][${l}] ${fitted.u[f]![l]}`);
    }
  }
  for (const levels of [...fitted.m, ...fitted.u]) {
    assert.ok(Math.abs(levels.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  }
});

test("with u held fixed, EM moves only m and lambda", () => {
  const vectors = [Int8Array.from([0, 0, 0]), Int8Array.from([2, 2, 2]), Int8Array.from([2, 2, 1])];
  const fitted = expectationMaximisation(vectors, { m: TRUE_M, u: TRUE_U, lambda: 0.3 }, { fixU: true });
  assert.deepEqual(fitted.u, TRUE_U);
  assert.ok(fitted.m[0]![0]! > 0.9, "the one pair agreeing everywhere is the match");
});
