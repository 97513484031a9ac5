import type { Locale } from "../env.ts";
import { codeLabel } from "../i18n.ts";
import { formatSize } from "./format.ts";

export interface AuditEventView {
  action: string;
  before: unknown;
  after: unknown;
}

function field(record: unknown, name: string): string | null {
  if (!record || typeof record !== "object") return null;
  const value = (record as Record<string, unknown>)[name];
  if (value === null || value === undefined) return null;
  return typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean"
      ? String(value)
      : null;
}

/**
 * One audit event of a file as a sentence a person reads in the History tab, e.g. "Added a
 * restricted note". Events this page does not know yet are shown by their action code.
 */
export function describeAuditEvent(locale: Locale, event: AuditEventView): string {
  const fr = locale === "fr";
  const { before, after } = event;
  switch (event.action) {
    case "application.created": {
      const line = codeLabel(locale, "lineOfBusiness", field(after, "lineOfBusiness"));
      const received = field(after, "receivedDate") ?? "";
      return fr
        ? `A ouvert le dossier (${line}, reçu le ${received})`
        : `Opened the file (${line}, received ${received})`;
    }
    case "application.status-changed": {
      const from = codeLabel(locale, "applicationStatus", field(before, "status"));
      const to = codeLabel(locale, "applicationStatus", field(after, "status"));
      const reason = field(after, "statusReason");
      const sentence = fr
        ? `A changé l'état de « ${from} » à « ${to} »`
        : `Changed the status from “${from}” to “${to}”`;
      return reason ? `${sentence}${fr ? " : " : ": "}${reason}` : sentence;
    }
    case "representative.added": {
      const name = field(after, "name") ?? "";
      return fr
        ? `A inscrit le représentant ${name} (IMM 5476)`
        : `Recorded the representative ${name} (IMM 5476)`;
    }
    case "note.added": {
      const restricted = field(after, "restricted") === "true";
      const corrects = field(after, "correctsNoteId") !== null;
      if (corrects)
        return fr ? "A ajouté une note qui en corrige une autre" : "Added a note correcting an earlier one";
      if (restricted) return fr ? "A ajouté une note restreinte" : "Added a restricted note";
      return fr ? "A ajouté une note" : "Added a note";
    }
    case "edoc.uploaded": {
      const name = field(after, "fileName") ?? "";
      const size = Number(field(after, "size") ?? 0);
      return fr
        ? `A versé l'eDoc ${name} (${formatSize(size, locale)})`
        : `Stored the eDoc ${name} (${formatSize(size, locale)})`;
    }
    case "activity.created": {
      const activity = [field(after, "activity"), field(after, "subActivity")].filter(Boolean).join(" — ");
      const due = field(after, "dueDate");
      const sentence = fr ? `A créé l'activité « ${activity} »` : `Created the activity “${activity}”`;
      if (!due) return sentence;
      return fr ? `${sentence}, échéance le ${due}` : `${sentence}, due ${due}`;
    }
    case "activity.taken":
      return fr ? "A pris une activité, maintenant en cours" : "Took an activity, now in progress";
    case "activity.reassigned":
      if (field(after, "assigneeUserId") === null) {
        return fr
          ? "A remis une activité dans la file du bureau"
          : "Returned an activity to the office queue";
      }
      return fr ? "A réattribué une activité à un collègue" : "Reassigned an activity to a colleague";
    case "activity.completed":
      return fr ? "A terminé une activité" : "Completed an activity";
    case "activity.cancelled":
      return fr ? "A annulé une activité" : "Cancelled an activity";
    case "correspondence.queued": {
      const channel = codeLabel(locale, "channel", field(after, "channel"));
      const subject = field(after, "subject") ?? "";
      const address = field(after, "address") ?? "";
      return fr
        ? `A mis en file la correspondance « ${subject} », par ${channel}, à ${address}`
        : `Queued the correspondence “${subject}”, by ${channel}, to ${address}`;
    }
    case "correspondence.sent":
    case "correspondence.sent-again": {
      const address = field(after, "address") ?? "";
      return fr ? `Courriel envoyé à ${address}` : `Email sent to ${address}`;
    }
    case "correspondence.undelivered": {
      const address = field(after, "address") ?? "";
      return fr ? `Courriel non livré à ${address}` : `Email not delivered to ${address}`;
    }
    case "decision.recorded": {
      const outcome = field(after, "outcome") ?? "";
      const basis = field(after, "legalBasis");
      const word = fr ? (DECISION_FR[outcome] ?? outcome) : (DECISION_EN[outcome] ?? outcome);
      const sentence = fr ? `A inscrit la décision : ${word}` : `Recorded the decision: ${word}`;
      return basis ? `${sentence} (${basis})` : sentence;
    }
    case "reconsideration.received":
      return fr ? "A inscrit une demande de réexamen" : "Recorded a request for reconsideration";
    case "reconsideration.reopened":
      return fr ? "A rouvert le dossier à la suite d'un réexamen" : "Reopened the file on reconsideration";
    case "reconsideration.maintained":
      return fr
        ? "A maintenu la décision à la suite d'un réexamen"
        : "Maintained the decision on reconsideration";
    case "application.file-exported":
      return fr
        ? "A exporté le dossier tel qu'il serait communiqué (accès à l'information)"
        : "Exported the file as it would be released (access to information)";
    case "application.litigation-evidence-exported": {
      const letters = field(after, "letters") ?? "0";
      return fr
        ? `A rassemblé la preuve pour un litige (${letters} lettre(s) envoyée(s))`
        : `Gathered the evidence for litigation (${letters} letter(s) sent)`;
    }
    case "designated-individual.added":
      return fr
        ? `A inscrit la personne désignée ${field(after, "name") ?? ""}`
        : `Recorded the designated individual ${field(after, "name") ?? ""}`;
    case "eta.issued": {
      const validity = (after as { validity?: { validUntil?: string } } | null)?.validity;
      const until = validity?.validUntil ?? field(after, "validUntil");
      const sentence = fr ? "A délivré l'AVE" : "Issued the eTA";
      if (!until) return sentence;
      return fr ? `${sentence}, valide jusqu'au ${until}` : `${sentence}, valid until ${until}`;
    }
    case "eta.superseded":
      return fr
        ? `L'AVE a pris fin le ${field(after, "endedOn") ?? ""}, remplacée par une nouvelle`
        : `The eTA ended on ${field(after, "endedOn") ?? ""}, replaced by a new one`;
    case "eta.cancelled":
      return fr
        ? `A annulé l'AVE (${field(after, "ground") ?? "R12.06"})`
        : `Cancelled the eTA (${field(after, "ground") ?? "R12.06"})`;
    case "eta.review-decided": {
      const outcome = field(after, "outcome") ?? "";
      return fr ? `A rendu la décision d'examen : ${outcome}` : `Recorded the review decision: ${outcome}`;
    }
    case "eta.revalidation-opened":
      return fr
        ? "A ouvert une revalidation de l'AVE (nouveaux renseignements défavorables)"
        : "Opened a revalidation of the eTA (new adverse information)";
    case "eta.revalidation-decided":
      return fr ? "A tranché la revalidation de l'AVE" : "Decided the revalidation of the eTA";
    case "application.transferred": {
      const from = field(before, "officeCode") ?? "";
      const to = field(after, "officeCode") ?? "";
      return fr
        ? `A transféré le dossier du bureau ${from} au bureau ${to}`
        : `Transferred the file from office ${from} to office ${to}`;
    }
    case "activity.transferred":
      return fr
        ? "A déplacé une activité vers la file du nouveau bureau"
        : "Moved an activity to the new office's queue";
    case "correspondence.response-date-extended": {
      const date = field(after, "responseDueDate") ?? "";
      return fr ? `A reporté la date de réponse au ${date}` : `Extended the response date to ${date}`;
    }
    case "correspondence.resent":
      return fr ? "A renvoyé une correspondance non livrée" : "Sent an undelivered correspondence again";
    case "correspondence.retry-scheduled":
      return fr
        ? "Le serveur de courriel n'a pas encore accepté le message; un nouvel essai est prévu"
        : "The mail server did not accept the email yet; another attempt is scheduled";
    case "correspondence.mailed":
      return fr ? "A inscrit l'envoi postal d'une lettre" : "Recorded that a paper letter was mailed";
    case "correspondence.recorded-manual-send": {
      const address = field(after, "address") ?? "";
      return fr
        ? `A inscrit un courriel envoyé hors de Dossier à ${address}`
        : `Recorded an email sent outside Dossier to ${address}`;
    }
    case "correspondence.evidence-exported":
      return fr
        ? "A exporté la preuve d'envoi d'un courriel"
        : "Exported the evidence that an email was sent";
    case "correspondence.added-to-bulk-job":
      return fr ? "A mis une lettre en file dans un envoi groupé" : "Queued a letter in a bulk mailing";
    default:
      // An event this page has no sentence for yet still shows, by its code.
      return fr ? `Événement enregistré : ${event.action}` : `Recorded event: ${event.action}`;
  }
}

const DECISION_EN: Record<string, string> = {
  approved: "approved",
  refused: "refused",
  abandoned: "abandoned",
  withdrawn: "withdrawn",
};
const DECISION_FR: Record<string, string> = {
  approved: "approuvée",
  refused: "refusée",
  abandoned: "abandonnée",
  withdrawn: "retirée",
};
