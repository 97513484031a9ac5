/**
 * The requests for documents and the convocations of an application, each with every sending that
 * carried it: the request itself, and after a bounce its resend to an updated address
 * (`resendCorrespondence`: same subject and text) or its paper copy (`producePaperLetter`: its
 * status reason names the undelivered email). What `checkDecisionAllowed` and the non-receipt facts
 * read.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { isRequestTemplate, REQUEST_TEMPLATE_IDS } from "../correspondence/draft-non-compliance-note.ts";
import type { Correspondence } from "../correspondence/queue-email.ts";
import type { Executor } from "../db/database.ts";
import { correspondence, edocs } from "../db/schema.ts";
import { todayIn } from "../shared/dates.ts";
import type { RequestFacts, RequestSending } from "./check-decision-allowed.ts";

const PAPER_COPY_OF = /Paper copy of undelivered email correspondence ([0-9a-f-]{36})/i;

export interface LoadedRequest extends RequestFacts {
  /** The rows themselves, in the same order as `sendings`. */
  rows: Correspondence[];
}

/**
 * @example const requests = await loadRequestFacts(db, application.id, "America/Toronto")
 *   // → [{ correspondenceId, subject, dueDate: "2026-04-01", sendings: [{ channel: "email", status: "sent", smtpAccepted: true, … }] }]
 */
export async function loadRequestFacts(
  db: Executor,
  applicationId: string,
  timeZone: string,
): Promise<LoadedRequest[]> {
  const rows = await db
    .select()
    .from(correspondence)
    .where(
      and(
        eq(correspondence.applicationId, applicationId),
        eq(correspondence.direction, "out"),
        inArray(correspondence.templateId, [...REQUEST_TEMPLATE_IDS]),
      ),
    )
    .orderBy(asc(correspondence.createdAt), asc(correspondence.id));
  const archived = new Set(
    rows.length === 0
      ? []
      : (
          await db
            .select({ correspondenceId: edocs.correspondenceId })
            .from(edocs)
            .where(
              and(
                eq(edocs.kind, "sent-email"),
                inArray(
                  edocs.correspondenceId,
                  rows.map((r) => r.id),
                ),
              ),
            )
        ).map((e) => e.correspondenceId),
  );

  const rootOf = new Map<string, string>();
  const chains = new Map<string, Correspondence[]>();
  for (const row of rows) {
    const parent = parentOf(row, rows);
    const root = parent ? (rootOf.get(parent) ?? parent) : row.id;
    rootOf.set(row.id, root);
    const chain = chains.get(root) ?? [];
    chain.push(row);
    chains.set(root, chain);
  }

  const requests: LoadedRequest[] = [];
  for (const chain of chains.values()) {
    const first = chain[0]!;
    const last = chain.at(-1)!;
    if (!isRequestTemplate(first.templateId)) continue;
    const dueOf = (row: Correspondence) =>
      row.responseDueDate ?? (row.interviewAt ? todayIn(timeZone, row.interviewAt) : null);
    requests.push({
      correspondenceId: first.id,
      templateId: first.templateId,
      subject: first.subject,
      // An extension moves the date on the sending the client holds last.
      dueDate: dueOf(last) ?? dueOf(first),
      sendings: chain.map((row) => sendingOf(row, archived.has(row.id))),
      rows: chain,
    });
  }
  return requests;
}

function parentOf(row: Correspondence, rows: readonly Correspondence[]): string | null {
  const paper = PAPER_COPY_OF.exec(row.statusReason ?? "");
  if (paper) return paper[1]!.toLowerCase();
  const resentFrom = rows.find(
    (earlier) =>
      earlier.createdAt.getTime() < row.createdAt.getTime() &&
      earlier.channel === "email" &&
      earlier.undeliveredAt !== null &&
      // A resend follows the bounce it answers.
      earlier.undeliveredAt.getTime() <= row.createdAt.getTime() &&
      earlier.subject === row.subject &&
      (earlier.bodyText ?? "") === (row.bodyText ?? ""),
  );
  return resentFrom?.id ?? null;
}

function sendingOf(row: Correspondence, archivedCopy: boolean): RequestSending {
  return {
    correspondenceId: row.id,
    channel: row.channel === "paper" ? "paper" : "email",
    status: row.status,
    sentAt: row.sentAt,
    address: row.address,
    smtpAccepted: row.channel === "email" && Boolean(row.smtpResponse),
    archivedCopy,
    undelivered: row.status === "undelivered" || row.undeliveredAt !== null,
  };
}
