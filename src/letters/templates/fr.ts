/**
 * Lettres en français. Same rules as the English ones (plain language, signed by the office, file
 * number in every subject); written for French readers, not translated word for word.
 */
import type { LetterFrame, LetterTemplates } from "../letter-templates.ts";

export const FR_TEMPLATES = {
  "request-documents": {
    subject: "Demande de documents supplémentaires – Dossier {{fileNumber}}",
    body: `Bonjour {{clientName}},

Nous étudions votre demande {{lineOfBusiness}}. Pour en poursuivre le traitement, nous avons besoin des documents suivants :

{{documents}}

Veuillez nous les faire parvenir au plus tard le {{responseDate}}. Inscrivez votre numéro de dossier, {{fileNumber}}, sur chaque page, ou dans l’objet du message si vous répondez par courriel.

Si vous ne pouvez pas fournir un document d’ici là, dites-nous avant cette date pour quelle raison, et quand vous pensez pouvoir l’envoyer. Si, au plus tard le {{responseDate}}, nous n’avons reçu ni les documents ni d’explication, nous prendrons une décision à partir des renseignements dont nous disposons, et votre demande pourrait être {{consequence}}.`,
  },
  "interview-convocation": {
    subject: "Convocation à une entrevue – Dossier {{fileNumber}}",
    body: `Bonjour {{clientName}},

Nous vous convoquons à une entrevue au sujet de votre demande {{lineOfBusiness}}.

Date : {{interviewDate}}
Heure : {{interviewTime}} (heure locale)
Lieu :
{{interviewPlace}}

Veuillez arriver 15 minutes à l’avance et apporter la présente lettre ainsi que votre passeport ou une autre pièce d’identité officielle avec photo.

Si vous ne pouvez pas vous présenter à ce moment, écrivez-nous à {{officeEmail}} le plus tôt possible, et avant le {{interviewDate}}, en indiquant votre numéro de dossier et la raison. Nous vous proposerons une autre date. Si vous avez besoin d’un interprète ou d’une mesure d’adaptation, faites-le-nous savoir le plus tôt possible.

Si vous ne vous présentez pas à l’entrevue sans avoir communiqué avec nous, nous prendrons une décision à partir des renseignements dont nous disposons, et votre demande pourrait être {{consequence}}.`,
  },
  approval: {
    subject: "Décision concernant votre demande – Dossier {{fileNumber}}",
    body: `Bonjour {{clientName}},

Nous avons le plaisir de vous informer que votre demande {{lineOfBusiness}} a été approuvée.

{{nextSteps}}

Si vos coordonnées changent, ou si vous avez une question au sujet de cette décision, veuillez nous écrire en indiquant votre numéro de dossier, {{fileNumber}}.`,
  },
  refusal: {
    subject: "Décision concernant votre demande – Dossier {{fileNumber}}",
    body: `Bonjour {{clientName}},

Nous avons examiné attentivement votre demande {{lineOfBusiness}} et les renseignements que vous nous avez fournis. Nous avons le regret de vous informer que votre demande est refusée, pour les motifs suivants :

{{grounds}}

Si vous êtes en désaccord avec cette décision, vous pouvez demander à la Cour fédérale du Canada l’autorisation de présenter une demande de contrôle judiciaire. Des délais stricts s’appliquent ; il pourrait être utile de consulter sans tarder un conseiller juridique.`,
  },
  "file-transfer": {
    subject: "Votre dossier a été confié à un autre bureau – Dossier {{fileNumber}}",
    body: `Bonjour {{clientName}},

Nous vous informons que votre demande {{lineOfBusiness}} a été transférée à un autre bureau, qui en poursuivra le traitement.

Bureau précédent : {{officeName}}
Nouveau bureau : {{toOfficeName}}

Vous n’avez rien à faire. Votre numéro de dossier reste le même, et tout ce que vous nous avez déjà envoyé a suivi votre dossier : il est inutile de nous le renvoyer.

Vous pourriez désormais recevoir des lettres ou des courriels de ce nouveau bureau au sujet de votre demande. Veuillez y répondre comme vous nous répondriez.`,
  },
  withdrawal: {
    subject: "Retrait de votre demande – Dossier {{fileNumber}}",
    body: `Bonjour {{clientName}},

Comme vous nous l’avez demandé le {{requestDate}}, nous avons retiré votre demande {{lineOfBusiness}}. Nous n’en poursuivrons pas le traitement.

Si vous n’avez pas demandé le retrait de votre demande, ou si vous avez une question, veuillez communiquer avec nous le plus tôt possible en indiquant votre numéro de dossier, {{fileNumber}}.`,
  },
  "free-text": {
    subject: "{{subject}} – Dossier {{fileNumber}}",
    body: `Bonjour {{clientName}},

{{body}}`,
  },
} as const satisfies LetterTemplates;

export const FR_FRAME = {
  closingEmail: `Veuillez agréer nos salutations distinguées.

{{officeName}}
{{officeAddress}}
{{officeEmail}}`,
  closingPaper: `Veuillez agréer nos salutations distinguées.

{{officeName}}`,
  emailCaution: `Veuillez noter que le courriel n’est pas un moyen de communication sécurisé : ne nous envoyez que les renseignements que nous vous demandons. Pour répondre, utilisez le bouton Répondre de votre logiciel de courriel afin que le numéro de dossier reste dans l’objet, ou écrivez à {{officeEmail}} en indiquant votre numéro de dossier, {{fileNumber}}. Vous pouvez aussi nous répondre par la poste à l’adresse ci-dessus.`,
  referenceLine: "Numéro de dossier : {{fileNumber}} · IUC : {{uci}}",
  pageNumber: "Page {{page}} de {{pages}}",
  lineOfBusiness: {
    "temporary-residence": "de résidence temporaire",
    eta: "d’autorisation de voyage électronique (AVE)",
    "permanent-residence": "de résidence permanente",
    "family-sponsorship": "de parrainage familial",
    citizenship: "de citoyenneté",
  },
  consequence: { refused: "refusée", abandoned: "considérée comme abandonnée" },
  templateLabel: {
    "request-documents": "une demande de documents supplémentaires",
    "interview-convocation": "une convocation à une entrevue",
    approval: "une lettre d’approbation",
    refusal: "une lettre de refus",
    "file-transfer": "un avis de transfert de dossier",
    withdrawal: "un avis de retrait",
    "free-text": "une lettre libre",
  },
  requiredFor: "est obligatoire pour {{letter}}",
} as const satisfies LetterFrame;

/** Lettres de décision ; même structure que `EN_DECISION_TEMPLATES`, rédigées pour le lecteur francophone. */
export const FR_DECISION_TEMPLATES = {
  "decision-approval": {
    subject: "Votre demande est approuvée",
    body: `Nous avons le plaisir de vous annoncer que votre demande {{lineOfBusiness}} a été approuvée.

{{nextSteps}}

Pour toute question sur cette décision, écrivez-nous en indiquant votre numéro de dossier.`,
  },
  "decision-refusal": {
    subject: "Décision sur votre demande : refus",
    body: `Nous avons terminé l’étude de votre demande {{lineOfBusiness}} et nous avons décidé de la refuser.

Motifs du refus :
{{grounds}}
{{nonCompliance}}
{{recourseAnnex}}`,
  },
  "decision-abandonment": {
    subject: "Votre demande de citoyenneté est considérée comme abandonnée",
    body: `Le {{requestSentOn}}, nous vous avons écrit par {{requestChannel}} pour obtenir ce dont nous avions besoin afin de poursuivre l’étude de votre demande {{lineOfBusiness}}, et nous vous avons donné jusqu’au {{dueDate}} pour répondre. Nous vous avions prévenu que, faute de réponse, votre demande pourrait être considérée comme abandonnée.

Nous n’avons reçu aucune réponse. En application de l’article 13.2 de la Loi sur la citoyenneté, votre demande est donc considérée comme abandonnée et nous n’en poursuivrons pas le traitement.

{{grounds}}

Si notre demande ne vous est pas parvenue à cause d’une erreur de notre part (par exemple, si nous avons écrit à une adresse que vous aviez déjà remplacée), écrivez-nous en indiquant votre numéro de dossier et expliquez ce qui s’est passé. Nous réactivons un dossier abandonné lorsque l’erreur vient de nous.

{{recourseAnnex}}`,
  },
  "decision-withdrawal": {
    subject: "Votre demande est retirée",
    body: `Comme vous l’avez demandé le {{withdrawalRequestDate}}, votre demande {{lineOfBusiness}} est retirée et nous n’en poursuivrons pas le traitement.

Si vous n’avez pas fait cette demande, communiquez avec nous dès que possible en indiquant votre numéro de dossier.`,
  },
  nonComplianceParagraph: `
Le {{requestSentOn}}, nous vous avons écrit par {{requestChannel}} pour obtenir ce dont nous avions besoin afin d’étudier votre demande, et nous vous avons donné jusqu’au {{dueDate}} pour répondre. Nous n’avons reçu aucune réponse. L’article 10 du Règlement sur l’immigration et la protection des réfugiés exige qu’une demande comprenne ce que l’agent demande ; comme ce n’est pas le cas, la demande est refusée.
`,
  channel: { email: "courriel", paper: "la poste" },
} as const;
