import type { IdentityCandidate, IdentityDecision } from "./identity-record.ts";

export interface DecisionThresholds {
  matchProbability: number;
  reviewProbability: number;
  maxCandidates: number;
}

/**
 * The thresholds `createIdentityIndex()` decides with unless told otherwise. A match at 0.99: the
 * band from 0.99 to 0.998 held, at a million clients, some twenty clients with a renewed passport
 * and a new email address for each person who was not the client, and an officer's review of
 * every one of them cost more than the precision it bought (bench/RESULTS.md).
 */
export const DEFAULT_DECISION_THRESHOLDS: Readonly<DecisionThresholds> = {
  matchProbability: 0.99,
  reviewProbability: 0.5,
  maxCandidates: 5,
};

/** The match probability of a Fellegi-Sunter score (log2 odds). */
export function scoreProbability(score: number): number {
  return 1 / (1 + 2 ** -score);
}

/**
 * The outcome for ranked candidates (best first). A candidate above the match threshold is matched
 * only when it is the only one there: two clients that both look like the applicant are a question
 * for an officer (a possible duplicate client), never a guess. Between the thresholds the officer
 * decides ("Candidate ID Decision", seed 004); below, the applicant is a new client.
 */
export function decideIdentity(
  ranked: IdentityCandidate[],
  thresholds: DecisionThresholds,
): IdentityDecision {
  const best = ranked[0];
  if (!best || best.probability < thresholds.reviewProbability) {
    return { decision: "new", baseId: null, score: best ? best.score : null, candidates: [] };
  }
  const shown = ranked
    .filter((c) => c.probability >= thresholds.reviewProbability)
    .slice(0, thresholds.maxCandidates);
  const second = ranked[1];
  const unique = !second || second.probability < thresholds.matchProbability;
  if (best.probability >= thresholds.matchProbability && unique) {
    return { decision: "match", baseId: best.baseId, score: best.score, candidates: shown };
  }
  return { decision: "review", baseId: best.baseId, score: best.score, candidates: shown };
}
