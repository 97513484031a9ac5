/**
 * `/admin/enquiry-rules`: where administrators keep seed 001's table in Dossier — the words that put
 * an enquiry in each category (one phrase per line, English and French), the queue that answers
 * it, and the address each queue is written to when an enquiry is escalated. For every office, or
 * for one office (`?office=OTT`), whose own settings then come first.
 */
import type { Context, Hono } from "hono";
import { clearCategoryRules } from "../../enquiries/clear-category-rules.ts";
import {
  CATEGORY_NAMES,
  type CategoryRulesInput,
  ENQUIRY_CATEGORIES,
  ENQUIRY_QUEUES,
  type EnquiryCategory,
  type EnquiryQueue,
  QUEUE_NAMES,
} from "../../enquiries/enquiry.schema.ts";
import { type CategoryRulesSource, findCategoryRules } from "../../enquiries/find-category-rules.ts";
import { listQueueContacts } from "../../enquiries/list-queue-contacts.ts";
import { replaceCategoryRules } from "../../enquiries/replace-category-rules.ts";
import { setQueueContact } from "../../enquiries/set-queue-contact.ts";
import { listOffices } from "../../offices/find-office.ts";
import { type AppError, isAppError } from "../../shared/errors.ts";
import { assertAdministrator } from "../../users/actor.ts";
import type { AppEnv, Locale } from "../env.ts";
import { translateRule } from "../i18n.ts";
import { Section } from "./components.tsx";
import { formatDateTime } from "./format.ts";
import { CsrfField, type FormState, isFormError, statusOf, textFields } from "./forms.tsx";
import { Layout } from "./layout.tsx";

const PATH = "/admin/enquiry-rules";
const CONTACTS_PATH = `${PATH}/queue-contacts`;
const CLEAR_PATH = `${PATH}/clear`;
/** The office's own enquiries queue is its mailbox: it has no forwarding address to set. */
const FORWARDING_QUEUES = ENQUIRY_QUEUES.filter((q) => q !== "office-enquiries");

const WORDS = {
  en: {
    title: "Enquiry categories and queues",
    intro:
      "An enquiry goes to the category whose phrases it contains most; a tie goes to the category listed first. Changes apply to the next enquiry received.",
    scope: "Settings for",
    everyOffice: "Every office without its own settings",
    show: "Show",
    source: {
      office: "This office's own rules are in use.",
      "every-office": "The rules for every office are in use; saving creates this office's own rules.",
      default: "Dossier's default rules are in use; saving replaces them.",
    } satisfies Record<CategoryRulesSource, string>,
    rulesTitle: "Categories and their phrases",
    rulesCaption: "Rules in use, in the order they are tried",
    category: "Category",
    queue: "Responsible queue",
    phrasesEn: "English phrases",
    phrasesFr: "French phrases",
    none: "none",
    editTitle: "Change the phrases",
    phrasesHint:
      "One phrase per line. Case, accents and punctuation are ignored. Leave both boxes empty to take the category out of the rules.",
    queueFor: (category: string) => `Responsible queue — ${category}`,
    enFor: (category: string) => `English phrases — ${category}`,
    frFor: (category: string) => `French phrases — ${category}`,
    saveRules: "Save the rules",
    contactsTitle: "Queue addresses",
    contactsIntro:
      "An escalated enquiry's thread is forwarded to its queue's address. An office's own address comes before the one for every office.",
    contactsCaption: "Addresses set",
    email: "Email address",
    emailHint: "Leave empty to remove the address.",
    updated: "Changed",
    noContacts: "No address is set.",
    saveContact: "Save the address",
    fixTheForm: "The form has a problem",
    done: "Done",
    rulesSaved: "The rules are saved; the next enquiry is categorised by them.",
    contactSaved: "The queue's address is saved.",
    clearTitle: "Stop using these rules",
    clearOffice:
      "This office then follows the rules for every office, or Dossier's defaults when none are set. The audit trail keeps the rules removed.",
    clearEveryOffice:
      "Offices without their own rules then follow Dossier's defaults. The audit trail keeps the rules removed.",
    clearButton: "Remove these rules",
    rulesCleared: "The rules are removed; the next enquiry is categorised by the rules now shown.",
  },
  fr: {
    title: "Catégories et files des demandes de renseignements",
    intro:
      "Une demande va à la catégorie dont elle contient le plus d'expressions; à égalité, la catégorie listée en premier l'emporte. Les changements valent pour la prochaine demande reçue.",
    scope: "Paramètres de",
    everyOffice: "Tous les bureaux sans paramètres propres",
    show: "Afficher",
    source: {
      office: "Les règles propres à ce bureau s'appliquent.",
      "every-office":
        "Les règles de tous les bureaux s'appliquent; enregistrer crée les règles propres à ce bureau.",
      default: "Les règles par défaut de Dossier s'appliquent; enregistrer les remplace.",
    } satisfies Record<CategoryRulesSource, string>,
    rulesTitle: "Catégories et leurs expressions",
    rulesCaption: "Règles en vigueur, dans l'ordre où elles sont essayées",
    category: "Catégorie",
    queue: "File responsable",
    phrasesEn: "Expressions en anglais",
    phrasesFr: "Expressions en français",
    none: "aucune",
    editTitle: "Modifier les expressions",
    phrasesHint:
      "Une expression par ligne. La casse, les accents et la ponctuation sont ignorés. Videz les deux cases pour retirer la catégorie des règles.",
    queueFor: (category: string) => `File responsable — ${category}`,
    enFor: (category: string) => `Expressions en anglais — ${category}`,
    frFor: (category: string) => `Expressions en français — ${category}`,
    saveRules: "Enregistrer les règles",
    contactsTitle: "Adresses des files",
    contactsIntro:
      "Le fil d'une demande transmise à un palier supérieur est envoyé à l'adresse de sa file. L'adresse propre à un bureau passe avant celle de tous les bureaux.",
    contactsCaption: "Adresses fixées",
    email: "Adresse courriel",
    emailHint: "Laissez vide pour retirer l'adresse.",
    updated: "Modifiée",
    noContacts: "Aucune adresse n'est fixée.",
    saveContact: "Enregistrer l'adresse",
    fixTheForm: "Le formulaire contient une erreur",
    done: "Terminé",
    rulesSaved: "Les règles sont enregistrées; la prochaine demande sera classée selon elles.",
    contactSaved: "L'adresse de la file est enregistrée.",
    clearTitle: "Cesser d'utiliser ces règles",
    clearOffice:
      "Ce bureau suivra alors les règles de tous les bureaux, ou les règles par défaut de Dossier s'il n'y en a pas. Le journal d'audit conserve les règles retirées.",
    clearEveryOffice:
      "Les bureaux sans règles propres suivront alors les règles par défaut de Dossier. Le journal d'audit conserve les règles retirées.",
    clearButton: "Retirer ces règles",
    rulesCleared: "Les règles sont retirées; la prochaine demande sera classée selon les règles affichées.",
  },
} as const;

type Words = (typeof WORDS)[Locale];

export function registerAdminEnquiryRules(pages: Hono<AppEnv>) {
  pages.get(PATH, (c) => renderRulesPage(c, c.req.query("office") ?? "", null));

  pages.post(PATH, async (c) => {
    const body = textFields(await c.req.parseBody());
    const officeCode = body.officeCode?.trim() ?? "";
    const input = rulesInput(body);
    try {
      await replaceCategoryRules(c.var.database.db, c.var.actor!, {
        ...(officeCode ? { officeCode } : {}),
        rules: input.rules,
      });
    } catch (error) {
      const state = refused(c.var.locale, "rules", body, error, (field) =>
        rulesField(field, input.categories),
      );
      return renderRulesPage(c, officeCode, state, statusOf(error as AppError));
    }
    return c.redirect(pageHref(officeCode, "rules-saved"), 303);
  });

  pages.post(CONTACTS_PATH, async (c) => {
    const body = textFields(await c.req.parseBody());
    const officeCode = body.officeCode?.trim() ?? "";
    const email = body.email?.trim() ?? "";
    try {
      await setQueueContact(c.var.database.db, c.var.actor!, {
        queue: body.queue ?? "",
        ...(officeCode ? { officeCode } : {}),
        email: email || null,
      });
    } catch (error) {
      const state = refused(c.var.locale, "contact", body, error, (field) => field);
      return renderRulesPage(c, officeCode, state, statusOf(error as AppError));
    }
    return c.redirect(pageHref(officeCode, "contact-saved"), 303);
  });

  pages.post(CLEAR_PATH, async (c) => {
    const body = textFields(await c.req.parseBody());
    const officeCode = body.officeCode?.trim() ?? "";
    try {
      await clearCategoryRules(c.var.database.db, c.var.actor!, officeCode ? { officeCode } : {});
    } catch (error) {
      const state = refused(c.var.locale, "clear", body, error, (field) => field);
      return renderRulesPage(c, officeCode, state, statusOf(error as AppError));
    }
    return c.redirect(pageHref(officeCode, "rules-cleared"), 303);
  });
}

function pageHref(officeCode: string, done?: string): string {
  const query = new URLSearchParams();
  if (officeCode) query.set("office", officeCode.toUpperCase());
  if (done) query.set("done", done);
  const text = query.toString();
  return text ? `${PATH}?${text}` : PATH;
}

/** The form's textareas as rules, in the order of seed 001's table as Dossier lists it. */
function rulesInput(body: Record<string, string>): {
  rules: CategoryRulesInput;
  categories: EnquiryCategory[];
} {
  const lines = (value: string | undefined) =>
    (value ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
  const rules: CategoryRulesInput = [];
  const categories: EnquiryCategory[] = [];
  for (const category of ruleOrder()) {
    const en = lines(body[`en-${category}`]);
    const fr = lines(body[`fr-${category}`]);
    if (en.length === 0 && fr.length === 0) continue;
    // The queue is checked against the list by the operation's schema.
    rules.push({ category, queue: (body[`queue-${category}`] ?? "") as EnquiryQueue, en, fr });
    categories.push(category);
  }
  return { rules, categories };
}

/** The order the form shows the categories in: the defaults' order, whose ties seed 001 decides. */
function ruleOrder(): EnquiryCategory[] {
  return [...ENQUIRY_CATEGORIES].sort((a, b) => DEFAULT_ORDER.indexOf(a) - DEFAULT_ORDER.indexOf(b));
}
const DEFAULT_ORDER: EnquiryCategory[] = [
  "biometrics-complaint",
  "service-complaint",
  "local-procedures",
  "case-specific",
  "general-policy",
];

/** `rules.2.en.4` (the operation's path) → `en-local-procedures` (the form's field). */
function rulesField(field: string, categories: EnquiryCategory[]): string {
  const [, index, part] = field.split(".");
  const category = categories[Number(index)] ?? ruleOrder()[0]!;
  if (part === "queue") return `queue-${category}`;
  if (part === "fr") return `fr-${category}`;
  return `en-${category}`;
}

function fieldName(words: Words, locale: Locale, field: string): string {
  const match = /^(queue|en|fr)-(.+)$/.exec(field);
  if (match) {
    const category = CATEGORY_NAMES[match[2] as EnquiryCategory]?.[locale] ?? match[2]!;
    if (match[1] === "queue") return words.queueFor(category);
    return match[1] === "fr" ? words.frFor(category) : words.enFor(category);
  }
  if (field === "email") return words.email;
  if (field === "queue") return words.queue;
  if (field === "officeCode") return words.scope;
  return field;
}

/** A refusal about the form, shown with the form's own field named; anything else is thrown on. */
function refused(
  locale: Locale,
  form: string,
  body: Record<string, string>,
  error: unknown,
  toField: (field: string) => string,
): FormState {
  if (!isFormError(error) || !isAppError(error)) throw error;
  const words = WORDS[locale];
  const own = locale === "fr" && error.messageFr ? error.messageFr : error.message;
  const rule = error.field ? own.replace(/^[^:]*?\s?:\s*/, "") : own;
  const translated = locale === "fr" && !error.messageFr ? translateRule(locale, rule) : rule;
  const field = error.field ? toField(error.field) : undefined;
  const label = field ? fieldName(words, locale, field) : undefined;
  const text = label ? `${label}${locale === "fr" ? " : " : ": "}${translated}` : translated;
  return { form, values: body, error: { field, text } };
}

async function renderRulesPage(
  c: Context<AppEnv>,
  officeCode: string,
  state: FormState | null,
  status = 200,
) {
  const actor = c.var.actor!;
  assertAdministrator(actor);
  const locale = c.var.locale;
  const words = WORDS[locale];
  const db = c.var.database.db;
  const offices = await listOffices(db);
  const office = offices.find((o) => o.code === officeCode.trim().toUpperCase()) ?? null;
  const code = office?.code ?? "";
  const found = await findCategoryRules(db, office?.id ?? null);
  const contacts = await listQueueContacts(db, office?.id ?? null);
  const timeZone = office?.timeZone ?? "UTC";
  const categoryName = (category: EnquiryCategory) => CATEGORY_NAMES[category][locale];
  const stored = new Map(found.rules.map((rule) => [rule.category, rule]));
  const typed = (form: string, name: string) =>
    state && state.form === form ? (state.values[name] ?? "") : undefined;
  const errorOf = (form: string, name: string) =>
    state && state.form === form && state.error.field === name ? state.error.text : undefined;
  const done = c.req.query("done");
  const doneText =
    done === "rules-saved"
      ? words.rulesSaved
      : done === "contact-saved"
        ? words.contactSaved
        : done === "rules-cleared"
          ? words.rulesCleared
          : null;
  const ownRulesHere = code === "" ? found.source === "every-office" : found.source === "office";

  return c.html(
    <Layout
      locale={locale}
      title={words.title}
      actor={actor}
      csrfToken={c.var.csrfToken}
      path={pageHref(code)}
      section="enquiry-rules"
    >
      <gcds-heading tag="h1">{words.title}</gcds-heading>
      {doneText ? (
        <gcds-notice type="success" notice-title-tag="h2" notice-title={words.done}>
          <gcds-text>{doneText}</gcds-text>
        </gcds-notice>
      ) : null}
      {state ? (
        <gcds-notice type="danger" notice-title-tag="h2" notice-title={words.fixTheForm}>
          <gcds-text>{state.error.text}</gcds-text>
        </gcds-notice>
      ) : null}
      <gcds-text>{words.intro}</gcds-text>
      <form method="get" action={PATH} class="dossier-form">
        <gcds-select select-id="rules-scope" name="office" label={words.scope} value={code}>
          <option value="" selected={code === ""}>
            {words.everyOffice}
          </option>
          {offices.map((o) => (
            <option value={o.code} selected={o.code === code}>
              {`${o.code} — ${locale === "fr" ? o.nameFr : o.nameEn}`}
            </option>
          ))}
        </gcds-select>
        <gcds-button type="submit" button-role="secondary">
          {words.show}
        </gcds-button>
      </form>

      <Section id="rules" title={words.rulesTitle}>
        <gcds-text>{words.source[found.source]}</gcds-text>
        <div class="dossier-table-wrap">
          <table class="dossier-table">
            <caption>{words.rulesCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{words.category}</th>
                <th scope="col">{words.queue}</th>
                <th scope="col">{words.phrasesEn}</th>
                <th scope="col">{words.phrasesFr}</th>
              </tr>
            </thead>
            <tbody>
              {found.rules.map((rule) => (
                <tr>
                  <td>{categoryName(rule.category)}</td>
                  <td>{QUEUE_NAMES[rule.queue][locale]}</td>
                  <td lang="en">{rule.en.join(", ") || words.none}</td>
                  <td lang="fr">{rule.fr.join(", ") || words.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section id="edit-rules" title={words.editTitle}>
        <gcds-text>{words.phrasesHint}</gcds-text>
        <form method="post" action={PATH} class="dossier-form">
          <CsrfField token={c.var.csrfToken} />
          <input type="hidden" name="officeCode" value={code} />
          {ruleOrder().map((category) => {
            const rule = stored.get(category);
            const queue = typed("rules", `queue-${category}`) ?? rule?.queue ?? defaultQueue(category);
            return (
              <gcds-fieldset legend={categoryName(category)}>
                <gcds-select
                  select-id={`queue-${category}`}
                  name={`queue-${category}`}
                  label={words.queueFor(categoryName(category))}
                  value={queue}
                  error-message={errorOf("rules", `queue-${category}`)}
                >
                  {ENQUIRY_QUEUES.map((q) => (
                    <option value={q} selected={q === queue}>
                      {QUEUE_NAMES[q][locale]}
                    </option>
                  ))}
                </gcds-select>
                <gcds-textarea
                  textarea-id={`en-${category}`}
                  name={`en-${category}`}
                  label={words.enFor(categoryName(category))}
                  rows={6}
                  value={typed("rules", `en-${category}`) ?? (rule?.en ?? []).join("\n")}
                  error-message={errorOf("rules", `en-${category}`)}
                ></gcds-textarea>
                <gcds-textarea
                  textarea-id={`fr-${category}`}
                  name={`fr-${category}`}
                  label={words.frFor(categoryName(category))}
                  rows={6}
                  value={typed("rules", `fr-${category}`) ?? (rule?.fr ?? []).join("\n")}
                  error-message={errorOf("rules", `fr-${category}`)}
                ></gcds-textarea>
              </gcds-fieldset>
            );
          })}
          <gcds-button type="submit">{words.saveRules}</gcds-button>
        </form>
        {ownRulesHere ? (
          <form method="post" action={CLEAR_PATH} class="dossier-form">
            <h3 class="dossier-h3">{words.clearTitle}</h3>
            <gcds-text>{code === "" ? words.clearEveryOffice : words.clearOffice}</gcds-text>
            <CsrfField token={c.var.csrfToken} />
            <input type="hidden" name="officeCode" value={code} />
            <gcds-button type="submit" button-role="secondary">
              {words.clearButton}
            </gcds-button>
          </form>
        ) : null}
      </Section>

      <Section id="queue-contacts" title={words.contactsTitle}>
        <gcds-text>{words.contactsIntro}</gcds-text>
        {contacts.length === 0 ? (
          <gcds-text>{words.noContacts}</gcds-text>
        ) : (
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption>{words.contactsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{words.queue}</th>
                  <th scope="col">{words.email}</th>
                  <th scope="col">{words.updated}</th>
                </tr>
              </thead>
              <tbody>
                {contacts.map((contact) => (
                  <tr>
                    <td>
                      {QUEUE_NAMES[contact.queue as keyof typeof QUEUE_NAMES]?.[locale] ?? contact.queue}
                    </td>
                    <td>{contact.email}</td>
                    <td>{formatDateTime(contact.updatedAt, timeZone, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <form method="post" action={CONTACTS_PATH} class="dossier-form">
          <CsrfField token={c.var.csrfToken} />
          <input type="hidden" name="officeCode" value={code} />
          <gcds-select
            select-id="contact-queue"
            name="queue"
            label={words.queue}
            required
            value={typed("contact", "queue") ?? FORWARDING_QUEUES[0]}
            error-message={errorOf("contact", "queue")}
          >
            {FORWARDING_QUEUES.map((q) => (
              <option value={q} selected={q === (typed("contact", "queue") ?? FORWARDING_QUEUES[0])}>
                {QUEUE_NAMES[q][locale]}
              </option>
            ))}
          </gcds-select>
          <gcds-input
            input-id="contact-email"
            name="email"
            type="email"
            label={words.email}
            hint={words.emailHint}
            value={typed("contact", "email") ?? ""}
            error-message={errorOf("contact", "email")}
          ></gcds-input>
          <gcds-button type="submit">{words.saveContact}</gcds-button>
        </form>
      </Section>
    </Layout>,
    status as 200,
  );
}

function defaultQueue(category: EnquiryCategory): string {
  return category === "general-policy"
    ? "policy-directorate"
    : category === "service-complaint" || category === "biometrics-complaint"
      ? "program-manager"
      : "office-enquiries";
}
