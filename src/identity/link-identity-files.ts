import { createIdentityIndex } from "./create-identity-index.ts";
import { estimateIdentityModel } from "./estimate-identity-model.ts";
import type { IdentityModelOptions } from "./identity-model.ts";
import type { IdentityDecisionKind, IdentityRecord } from "./identity-record.ts";
import { csvField } from "./parse-csv.ts";

export interface IdentityLink {
  incomingId: string;
  decision: IdentityDecisionKind;
  /** The matched client, or the best candidate for review; null for new. */
  baseId: string | null;
  score: number | null;
}

export interface LinkProgress {
  /** "index" while clients are added, "decide" while incoming records are decided. */
  stage: "index" | "decide";
  done: number;
  total: number;
}

export interface LinkOptions extends IdentityModelOptions {
  /** Fit m and u to these two files by EM before deciding, instead of the configured values. */
  estimate?: boolean;
  onProgress?: (progress: LinkProgress) => void;
}

const PROGRESS_EVERY = 10_000;

/**
 * Decides every incoming record against the base: the engine of eTA screening run over two lists,
 * for imports and data clean-up. Pure: files are read and written by the caller.
 */
export function linkIdentities(
  base: readonly IdentityRecord[],
  incoming: readonly IdentityRecord[],
  options: LinkOptions = {},
): IdentityLink[] {
  const report = options.onProgress ?? (() => {});
  let index = createIdentityIndex(options);
  const addAll = (target: typeof index) => {
    report({ stage: "index", done: 0, total: base.length });
    base.forEach((record, i) => {
      target.add(record);
      if ((i + 1) % PROGRESS_EVERY === 0) report({ stage: "index", done: i + 1, total: base.length });
    });
    report({ stage: "index", done: base.length, total: base.length });
  };
  addAll(index);
  if (options.estimate) {
    const model = estimateIdentityModel(index, incoming);
    index = createIdentityIndex({ ...options, model });
    addAll(index);
  }
  const links: IdentityLink[] = [];
  report({ stage: "decide", done: 0, total: incoming.length });
  incoming.forEach((record, i) => {
    const decision = index.decide(record);
    links.push({
      incomingId: record.id,
      decision: decision.decision,
      baseId: decision.baseId,
      score: decision.score,
    });
    if ((i + 1) % PROGRESS_EVERY === 0) report({ stage: "decide", done: i + 1, total: incoming.length });
  });
  report({ stage: "decide", done: incoming.length, total: incoming.length });
  return links;
}

/** `incoming_id,decision,base_id,score`, one line per incoming record, in the incoming file's order. */
export function formatLinksCsv(links: readonly IdentityLink[]): string {
  const lines = ["incoming_id,decision,base_id,score"];
  for (const link of links) {
    lines.push(
      [
        csvField(link.incomingId),
        link.decision,
        csvField(link.baseId ?? ""),
        link.score === null ? "" : link.score.toFixed(2),
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
