/**
 * English letters. Plain language, addressed to the client by name and signed by the office, never
 * by an officer: seed 000 has correspondence leave from the office's generic mailbox, not a person's.
 * Every subject carries the file number so that a reply finds its file.
 */
import type { LetterFrame, LetterTemplates } from "../letter-templates.ts";

export const EN_TEMPLATES = {
  "request-documents": {
    subject: "Request for additional documents – File {{fileNumber}}",
    body: `Dear {{clientName}},

We are reviewing your {{lineOfBusiness}} application. Before we can continue, we need the following documents from you:

{{documents}}

Please send them to us no later than {{responseDate}}. Write your file number, {{fileNumber}}, on each page, or in the subject line if you reply by email.

If you cannot send a document by that date, tell us before the date why, and when you expect to send it. If we have received neither the documents nor an explanation by {{responseDate}}, we will make a decision with the information we have, and your application may be {{consequence}}.`,
  },
  "interview-convocation": {
    subject: "Invitation to an interview – File {{fileNumber}}",
    body: `Dear {{clientName}},

We invite you to an interview about your {{lineOfBusiness}} application.

Date: {{interviewDate}}
Time: {{interviewTime}} (local time)
Place:
{{interviewPlace}}

Please arrive 15 minutes early, and bring this letter and your passport or another official identity document with your photo.

If you cannot come at this time, write to us at {{officeEmail}} as soon as possible, and before {{interviewDate}}, giving your file number and the reason. We will offer you another date. If you need an interpreter or an accommodation, tell us as early as you can.

If you do not come to the interview and have not contacted us, we will make a decision with the information we have, and your application may be {{consequence}}.`,
  },
  approval: {
    subject: "Decision on your application – File {{fileNumber}}",
    body: `Dear {{clientName}},

We are pleased to tell you that your {{lineOfBusiness}} application has been approved.

{{nextSteps}}

If your contact information changes, or if you have a question about this decision, please write to us and give your file number, {{fileNumber}}.`,
  },
  refusal: {
    subject: "Decision on your application – File {{fileNumber}}",
    body: `Dear {{clientName}},

We have carefully reviewed your {{lineOfBusiness}} application and the information you gave us. We regret to tell you that your application has been refused, for the following reasons:

{{grounds}}

If you disagree with this decision, you may ask the Federal Court of Canada for leave to apply for judicial review. Strict time limits apply, so you may wish to get legal advice without delay.`,
  },
  "file-transfer": {
    subject: "Your file has moved to another office – File {{fileNumber}}",
    body: `Dear {{clientName}},

We are writing to let you know that your {{lineOfBusiness}} application has been transferred to another office, which will continue processing it.

Previous office: {{officeName}}
New office: {{toOfficeName}}

You do not need to do anything. Your file number stays the same, and everything you have already sent us has gone with your file, so there is no need to send it again.

From now on, you may receive letters or emails from the new office about your application. Please answer them as you would answer us.`,
  },
  withdrawal: {
    subject: "Withdrawal of your application – File {{fileNumber}}",
    body: `Dear {{clientName}},

As you asked on {{requestDate}}, we have withdrawn your {{lineOfBusiness}} application. We will not process it any further.

If you did not ask for your application to be withdrawn, or if you have a question, please contact us as soon as possible and give your file number, {{fileNumber}}.`,
  },
  "free-text": {
    subject: "{{subject}} – File {{fileNumber}}",
    body: `Dear {{clientName}},

{{body}}`,
  },
} as const satisfies LetterTemplates;

export const EN_FRAME = {
  closingEmail: `Sincerely,

{{officeName}}
{{officeAddress}}
{{officeEmail}}`,
  closingPaper: `Sincerely,

{{officeName}}`,
  emailCaution: `Please note that email is not a secure means of communication: send us only the information we ask for. To reply, use your email program's Reply button so that the file number stays in the subject line, or write to {{officeEmail}} and give your file number, {{fileNumber}}. You may also reply by mail to the address above.`,
  referenceLine: "File number: {{fileNumber}} · UCI: {{uci}}",
  pageNumber: "Page {{page}} of {{pages}}",
  lineOfBusiness: {
    "temporary-residence": "temporary residence",
    eta: "electronic travel authorization (eTA)",
    "permanent-residence": "permanent residence",
    "family-sponsorship": "family sponsorship",
    citizenship: "citizenship",
  },
  consequence: { refused: "refused", abandoned: "treated as abandoned" },
  templateLabel: {
    "request-documents": "a request for additional documents",
    "interview-convocation": "an interview convocation",
    approval: "an approval letter",
    refusal: "a refusal letter",
    "file-transfer": "a file transfer notice",
    withdrawal: "a withdrawal notice",
    "free-text": "a free-text letter",
  },
  requiredFor: "is required for {{letter}}",
} as const satisfies LetterFrame;

/**
 * Decision letters (`src/decisions/decision-letter.ts`). Sent through correspondence as free-text
 * letters, so the salutation and the file number in the subject come from that template; the
 * paragraphs here are the decision's own. `{{recourseAnnex}}` is what the applicant can do next.
 */
export const EN_DECISION_TEMPLATES = {
  "decision-approval": {
    subject: "Your application is approved",
    body: `We are pleased to tell you that your {{lineOfBusiness}} application has been approved.

{{nextSteps}}

If you have a question about this decision, write to us and give your file number.`,
  },
  "decision-refusal": {
    subject: "Decision on your application: refused",
    body: `We have completed our review of your {{lineOfBusiness}} application, and we have decided to refuse it.

Why we refused it:
{{grounds}}
{{nonCompliance}}
{{recourseAnnex}}`,
  },
  "decision-abandonment": {
    subject: "Your citizenship application is treated as abandoned",
    body: `On {{requestSentOn}}, we wrote to you by {{requestChannel}} to ask for what we needed to continue with your {{lineOfBusiness}} application, and we gave you until {{dueDate}} to answer. We told you that without an answer your application could be treated as abandoned.

We have not received an answer. Under section 13.2 of the Citizenship Act, your application is therefore treated as abandoned, and we will not process it further.

{{grounds}}

If you did not receive our request because of an error on our part (for example, if we wrote to an address you had already replaced with a new one), write to us with your file number and explain what happened. We reactivate an abandoned file when the error was ours.

{{recourseAnnex}}`,
  },
  "decision-withdrawal": {
    subject: "Your application is withdrawn",
    body: `As you asked on {{withdrawalRequestDate}}, your {{lineOfBusiness}} application is withdrawn, and we will not process it further.

If you did not ask for this, contact us as soon as possible and give your file number.`,
  },
  /** The paragraph a refusal for non-compliance adds after its grounds (IRPR s. 10). */
  nonComplianceParagraph: `
On {{requestSentOn}}, we wrote to you by {{requestChannel}} to ask for what we needed to assess your application, and we gave you until {{dueDate}} to answer. We have not received an answer. Section 10 of the Immigration and Refugee Protection Regulations requires an application to include what the officer asks for; because it does not, the application is refused.
`,
  channel: { email: "email", paper: "mail" },
} as const;
