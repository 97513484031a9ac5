/**
 * Names of the values that the domain stores as codes (statuses, lines of business, roles…), in
 * English and French. Pages, exports and letters read this one table, so a status has one name
 * everywhere. A code missing here is shown as stored rather than hidden.
 */
export const CODE_LABELS = {
  activityStatus: {
    "review-required": ["Review required", "Examen requis"],
    "in-progress": ["In progress", "En cours"],
    completed: ["Completed", "Terminée"],
    cancelled: ["Cancelled", "Annulée"],
  },
  applicationStatus: {
    received: ["Received", "Reçue"],
    "in-progress": ["In progress", "En cours"],
    referred: ["Referred", "Référée"],
    approved: ["Approved", "Approuvée"],
    refused: ["Refused", "Refusée"],
    withdrawn: ["Withdrawn", "Retirée"],
    abandoned: ["Abandoned", "Abandonnée"],
    cancelled: ["Cancelled", "Annulée"],
  },
  lineOfBusiness: {
    "temporary-residence": ["Temporary residence", "Résidence temporaire"],
    eta: ["Electronic travel authorization (eTA)", "Autorisation de voyage électronique (AVE)"],
    "permanent-residence": ["Permanent residence", "Résidence permanente"],
    "family-sponsorship": ["Family sponsorship", "Parrainage familial"],
    citizenship: ["Citizenship", "Citoyenneté"],
  },
  statusInCanada: {
    "foreign-national": ["Foreign national", "Étranger"],
    "permanent-resident": ["Permanent resident", "Résident permanent"],
    "citizen-by-naturalization": ["Citizen by naturalization", "Citoyen par naturalisation"],
    "citizen-by-birth": ["Citizen by birth", "Citoyen de naissance"],
  },
  passportType: {
    regular: ["Regular", "Ordinaire"],
    diplomatic: ["Diplomatic", "Diplomatique"],
    official: ["Official", "Officiel"],
    service: ["Service", "De service"],
    emergency: ["Emergency", "D'urgence"],
    "refugee-travel": ["Refugee travel document", "Titre de voyage de réfugié"],
  },
  consentSource: {
    "application-form": [
      "Email given on the application form",
      "Courriel inscrit sur le formulaire de demande",
    ],
    imm5476: ["Representative's email on an IMM 5476", "Courriel du représentant sur un IMM 5476"],
    "client-wrote-first": ["The client wrote to the office first", "Le client a écrit au bureau en premier"],
  },
  sex: {
    F: ["Female", "Féminin"],
    M: ["Male", "Masculin"],
    X: ["Another gender (X)", "Autre genre (X)"],
  },
  role: {
    officer: ["Officer", "Agent"],
    "decision-maker-1": ["Decision maker (level 1)", "Décideur (niveau 1)"],
    "program-manager": ["Program manager", "Gestionnaire de programme"],
    "enquiries-agent": ["Enquiries agent", "Agent des demandes de renseignements"],
    administrator: ["Administrator", "Administrateur"],
  },
  contactKind: {
    email: ["Email", "Courriel"],
    postal: ["Postal address", "Adresse postale"],
  },
  direction: {
    out: ["Outgoing", "Sortante"],
    in: ["Incoming", "Entrante"],
  },
  channel: {
    email: ["email", "courriel"],
    paper: ["paper mail", "courrier papier"],
    "web-form": ["web form", "formulaire Web"],
  },
  correspondenceStatus: {
    generate: ["Waiting to be sent", "En attente d'envoi"],
    sending: ["Sending", "Envoi en cours"],
    sent: ["Sent", "Envoyée"],
    undelivered: ["Undelivered", "Non livrée"],
    cancelled: ["Cancelled", "Annulée"],
    received: ["Received", "Reçue"],
  },
  edocKind: {
    "enquiry-message": ["Enquiry email", "Courriel de demande de renseignements"],
    "enquiry-web-form": ["Enquiry sent with the web form", "Demande envoyée par le formulaire Web"],
    upload: ["Uploaded document", "Document téléversé"],
    "email-message": ["Email message", "Courriel"],
    "sent-email": ["Sent email", "Courriel envoyé"],
    bounce: ["Delivery failure report", "Avis de non-livraison"],
    "paper-letter": ["Paper letter (PDF)", "Lettre papier (PDF)"],
    "undelivered-notice": ["Undelivered notice", "Avis de non-livraison"],
    "read-receipt": ["Read receipt (not proof of receipt)", "Accusé de lecture (ne prouve pas la réception)"],
  },
  language: {
    en: ["English", "Anglais"],
    fr: ["French", "Français"],
  },
  letterTemplate: {
    "request-documents": ["Request for additional documents", "Demande de documents supplémentaires"],
    "interview-convocation": ["Interview convocation", "Convocation à une entrevue"],
    approval: ["Approval", "Approbation"],
    refusal: ["Refusal", "Refus"],
    "file-transfer": ["File transfer notice", "Avis de transfert de dossier"],
    withdrawal: ["Withdrawal notice", "Avis de retrait"],
    "free-text": ["Free text", "Texte libre"],
  },
  enquirerRole: {
    applicant: ["The applicant", "Le demandeur ou la demanderesse"],
    "designated-individual": [
      "The applicant's designated individual",
      "La personne désignée par le demandeur",
    ],
    representative: [
      "The applicant's authorized representative",
      "Le représentant autorisé ou la représentante autorisée du demandeur",
    ],
    "member-of-parliament": [
      "A Member of Parliament of Canada",
      "Un député ou une députée du Parlement du Canada",
    ],
  },
  enquiryState: {
    open: ["Open", "Ouverte"],
    "awaiting-information": ["Waiting for the enquirer", "En attente de l'auteur"],
    answered: ["Answered", "Répondue"],
    closed: ["Closed", "Fermée"],
  },
  slaState: {
    due: ["Due", "À respecter"],
    paused: ["Paused: waiting for the enquirer", "Suspendu : en attente de l'auteur"],
    met: ["Met", "Respecté"],
    breached: ["Breached", "Dépassé"],
  },
  enquiryChannel: {
    email: ["Email", "Courriel"],
    "web-form": ["Web form", "Formulaire Web"],
  },
  fieldSource: {
    "from-header": ["The email's From line", "La ligne De du courriel"],
    subject: ["The subject", "L'objet"],
    body: ["The text of the message", "Le texte du message"],
    signature: ["The signature", "La signature"],
    form: ["The web form", "Le formulaire Web"],
  },
  missingProblem: {
    absent: ["not given", "non fourni"],
    ambiguous: ["can be read two ways", "peut se lire de deux façons"],
    invalid: ["not valid", "non valide"],
  },
  categorySource: {
    rules: ["By the rules on the enquiry's words", "Selon les règles sur les mots de la demande"],
    officer: ["By an officer", "Par un agent"],
  },
  enquiryMessageKind: {
    enquirer: ["From the enquirer", "De l'auteur"],
    "missing-information": [
      "Automatic request for missing information",
      "Demande automatique des renseignements manquants",
    ],
    acknowledgement: ["Automatic acknowledgement", "Accusé de réception automatique"],
    standard: ["Standard response", "Réponse type"],
    "case-specific": ["Case-specific reply", "Réponse propre au cas"],
  },
  enquiryMessageStatus: {
    generate: ["Queued, not sent yet", "En attente d'envoi"],
    sending: ["Sending", "Envoi en cours"],
    sent: ["Sent", "Envoyée"],
    undelivered: ["Not delivered", "Non distribuée"],
    suppressed: ["Held back, not sent", "Retenue, non envoyée"],
  },
  /** What a message that came back about a letter turned out to be (`inbound_messages.classification`). */
  returnedMail: {
    bounce: ["Delivery failure report", "Avis de non-livraison"],
    delay: ["Delivery delay notice", "Avis de retard de livraison"],
    "auto-reply": ["Automatic reply", "Réponse automatique"],
    complaint: ["Complaint report", "Signalement de plainte"],
    other: ["Message about this correspondence", "Message au sujet de cette correspondance"],
  },
} as const satisfies Record<string, Record<string, readonly [string, string]>>;

export type CodeGroup = keyof typeof CODE_LABELS;

/** @example codeLabel("fr", "applicationStatus", "refused") // → "Refusée" */
export function codeLabel(locale: "en" | "fr", group: CodeGroup, code: string | null | undefined): string {
  if (code === null || code === undefined || code === "") return "";
  const pair = (CODE_LABELS[group] as Record<string, readonly [string, string]>)[code];
  if (!pair) return code;
  return locale === "fr" ? pair[1] : pair[0];
}
