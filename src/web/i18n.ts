import type { Locale } from "./env.ts";

/**
 * Every word a page shows, in English and French. A key missing in one language is a type error,
 * so no page can ship in one language only.
 */
const en = {
  appName: "Dossier",
  appTagline: "Case and correspondence",
  skipToContent: "Skip to main content",
  language: "Français",
  languageName: "français",
  signIn: "Sign in",
  signOut: "Sign out",
  email: "Email",
  password: "Password",
  signInTitle: "Sign in to Dossier",
  signInIntro: "Use the account your office administrator gave you.",
  errorTitle: "Something is not right",
  notFoundTitle: "Page not found",
  forbiddenTitle: "Not allowed",
  backHome: "Go to my queue",
  signedInAs: "Signed in as",
} as const;

type Messages = { [K in keyof typeof en]: string };

const fr: Messages = {
  appName: "Dossier",
  appTagline: "Dossiers et correspondance",
  skipToContent: "Passer au contenu principal",
  language: "English",
  languageName: "English",
  signIn: "Se connecter",
  signOut: "Se déconnecter",
  email: "Courriel",
  password: "Mot de passe",
  signInTitle: "Se connecter à Dossier",
  signInIntro: "Utilisez le compte que l'administrateur de votre bureau vous a remis.",
  errorTitle: "Quelque chose ne va pas",
  notFoundTitle: "Page introuvable",
  forbiddenTitle: "Accès refusé",
  backHome: "Aller à ma file de travail",
  signedInAs: "Connecté en tant que",
};

export type MessageKey = keyof typeof en;
export const MESSAGES: Record<Locale, Messages> = { en, fr };

export function t(locale: Locale, key: MessageKey): string {
  return MESSAGES[locale][key];
}
