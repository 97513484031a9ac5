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
