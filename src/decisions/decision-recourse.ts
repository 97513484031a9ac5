/**
 * What an applicant can do after a refusal or an abandonment, as the annex of the decision letter.
 * Pure. IRPA s. 72(2)(b): leave for judicial review is sought within 15 days of notification for a
 * matter arising in Canada, 60 days for one arising outside Canada.
 */
import type { applications } from "../db/schema.ts";
import type { Decision } from "./record-decision.ts";

type Application = typeof applications.$inferSelect;

/**
 * The annex for the decision letter, in the application's language; empty for an approval or a
 * withdrawal.
 */
export function decisionRecourseAnnex(
  decision: Pick<Decision, "outcome" | "arising" | "inadmissibilityGround">,
  application: Pick<Application, "language" | "lineOfBusiness">,
  _today: string,
): string {
  if (decision.outcome !== "refused" && decision.outcome !== "abandoned") return "";
  const fr = application.language === "fr";
  const days = decision.arising === "canada" ? 15 : decision.arising === "outside" ? 60 : null;
  const leave = fr
    ? `• Cour fédérale : vous pouvez demander l’autorisation de présenter une demande de contrôle judiciaire${days ? ` dans les ${days} jours suivant la date à laquelle cette décision vous est communiquée (LIPR, al. 72(2)b))` : ""}. Les délais sont stricts ; un conseil juridique peut vous aider.`
    : `• Federal Court: you may ask for leave to apply for judicial review${days ? ` within ${days} days of the day this decision is communicated to you (IRPA s. 72(2)(b))` : ""}. The time limits are strict; legal advice may help you.`;
  const reconsider = fr
    ? "• Réexamen : vous pouvez nous demander de réexaminer la décision en nous écrivant, avec votre numéro de dossier, les raisons et les documents à l’appui. Il n’y a pas de délai fixe, mais écrivez-nous de préférence dans les 30 jours."
    : "• Reconsideration: you may ask us to reconsider the decision by writing to us with your file number, your reasons and any supporting documents. There is no fixed deadline, but we suggest you write within 30 days.";
  const notes = fr
    ? "• Notes du dossier : vous pouvez obtenir les notes de votre dossier par une demande d’accès à l’information ; le ministère y répond dans les 30 jours."
    : "• File notes: you may obtain the notes of your file through an access to information request; the department answers within 30 days.";
  return [fr ? "Vos recours" : "What you can do", leave, reconsider, notes].join("\n");
}
