import { MISSING } from "./compare-names.ts";

export interface EmState {
  /** m[field][level] */
  m: number[][];
  /** u[field][level] */
  u: number[][];
  /** Share of the pairs that are matches. */
  lambda: number;
}

export interface EmOptions {
  /** Keep u as given (measured on random pairs, as Splink does) and fit only m and lambda. */
  fixU?: boolean;
  maxIterations?: number;
  /** Stop when no probability moves by more than this. */
  tolerance?: number;
}

// No level may reach 0: a weight of minus infinity would veto a match on one field.
const FLOOR = 1e-6;

/**
 * Fellegi-Sunter m and u probabilities fitted to comparison vectors of candidate pairs by
 * expectation-maximisation (Winkler 1988), under the model's assumption that fields agree
 * independently given match status. A missing level (-1) says nothing and is skipped.
 *
 * @example expectationMaximisation(vectors, { m, u, lambda: 0.1 }, { fixU: true })
 */
export function expectationMaximisation(
  vectors: readonly Int8Array[],
  start: EmState,
  options: EmOptions = {},
): EmState & { iterations: number } {
  let m = start.m.map((levels) => [...levels]);
  let u = start.u.map((levels) => [...levels]);
  let lambda = start.lambda;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-5;
  let iterations = 0;
  const posterior = new Float64Array(vectors.length);
  while (iterations < maxIterations) {
    iterations++;
    let matchSum = 0;
    for (let p = 0; p < vectors.length; p++) {
      const v = vectors[p]!;
      let logMatch = Math.log(lambda);
      let logNon = Math.log(1 - lambda);
      for (let f = 0; f < v.length; f++) {
        const level = v[f]!;
        if (level === MISSING) continue;
        logMatch += Math.log(m[f]![level]!);
        logNon += Math.log(u[f]![level]!);
      }
      const prob = 1 / (1 + Math.exp(logNon - logMatch));
      posterior[p] = prob;
      matchSum += prob;
    }
    const nextM = m.map((levels) => levels.map(() => 0));
    const nextU = u.map((levels) => levels.map(() => 0));
    for (let p = 0; p < vectors.length; p++) {
      const v = vectors[p]!;
      const prob = posterior[p]!;
      for (let f = 0; f < v.length; f++) {
        const level = v[f]!;
        if (level === MISSING) continue;
        nextM[f]![level]! += prob;
        nextU[f]![level]! += 1 - prob;
      }
    }
    const normalisedM = nextM.map(normalise);
    const normalisedU = options.fixU ? u : nextU.map(normalise);
    const nextLambda = Math.min(Math.max(matchSum / Math.max(vectors.length, 1), FLOOR), 1 - FLOOR);
    const moved = Math.max(
      Math.abs(nextLambda - lambda),
      largestChange(m, normalisedM),
      largestChange(u, normalisedU),
    );
    m = normalisedM;
    u = normalisedU;
    lambda = nextLambda;
    if (moved < tolerance) break;
  }
  return { m, u, lambda, iterations };
}

function normalise(counts: number[]): number[] {
  const floored = counts.map((c) => c + FLOOR);
  const total = floored.reduce((a, b) => a + b, 0);
  return floored.map((c) => c / total);
}

function largestChange(a: number[][], b: number[][]): number {
  let largest = 0;
  for (let f = 0; f < a.length; f++) {
    for (let l = 0; l < a[f]!.length; l++) largest = Math.max(largest, Math.abs(a[f]![l]! - b[f]![l]!));
  }
  return largest;
}
