/**
 * The client page's designated individuals: the people the applicant named in writing to receive
 * their personal information (seed 001), and the form an officer records a new one with. An
 * enquiry from one of these addresses is identified only on the days its consent is valid.
 */
import type { Context, Hono } from "hono";
import { addDesignatedIndividual } from "../../clients/add-designated-individual.ts";
import type { DesignatedIndividualView } from "../../clients/list-designated-individuals.ts";
import { isConsentValidOn } from "../../clients/list-designated-individuals.ts";
import type { AppError } from "../../shared/errors.ts";
import type { AppEnv, Locale } from "../env.ts";
import type { EdocView } from "./components.tsx";
import { Empty, Section } from "./components.tsx";
import { withDone } from "./format.ts";
import {
  CsrfField,
  ErrorNotice,
  type FormState,
  fieldError,
  formStateOf,
  statusOf,
  textFields,
  typedValue,
} from "./forms.tsx";

const FORM = "designated";
const WHOLE_FILE = "whole-file";

const EN = {
  title: "Designated individuals",
  intro:
    "People the applicant named in writing to receive their personal information. A reply with personal information may go to them only on the days their consent is valid.",
  caption: "Designated individuals on this file",
  none: "No designated individual is on this file.",
  name: "Name",
  email: "Email",
  scope: "Consent covers",
  wholeFile: "Every application of this client",
  application: (fileNumber: string) => `Application ${fileNumber}`,
  consent: "Written consent",
  consentEdoc: "Signed consent (eDoc on this file)",
  consentEdocHint: "Upload the signed form under eDocs first, then choose it here.",
  noEdocChosen: "None: the consent is kept elsewhere",
  consentReference: "Where the consent is kept",
  consentReferenceHint: "Only when the signed form is not an eDoc, e.g. a paper file's reference.",
  validFrom: "Valid from (YYYY-MM-DD)",
  validTo: "Valid to (YYYY-MM-DD, optional)",
  period: "Valid",
  periodText: (from: string, to: string | null) => (to ? `${from} to ${to}` : `from ${from}, no end date`),
  state: "Today",
  valid: "Valid",
  notValid: "Not valid",
  add: "Record the designated individual",
  addTitle: "Add a designated individual",
};
type Words = typeof EN;

const FR: Words = {
  title: "Personnes désignées",
  intro:
    "Les personnes que le demandeur a nommées par écrit pour recevoir ses renseignements personnels. Une réponse contenant des renseignements personnels ne peut leur être envoyée que pendant la période de validité du consentement.",
  caption: "Personnes désignées au dossier",
  none: "Aucune personne désignée n'est au dossier.",
  name: "Nom",
  email: "Courriel",
  scope: "Le consentement vise",
  wholeFile: "Toutes les demandes de ce client",
  application: (fileNumber: string) => `La demande ${fileNumber}`,
  consent: "Consentement écrit",
  consentEdoc: "Consentement signé (eDoc de ce dossier)",
  consentEdocHint: "Versez d'abord le formulaire signé dans les eDocs, puis choisissez-le ici.",
  noEdocChosen: "Aucun : le consentement est conservé ailleurs",
  consentReference: "Où le consentement est conservé",
  consentReferenceHint:
    "Seulement si le formulaire signé n'est pas un eDoc, par exemple la référence d'un dossier papier.",
  validFrom: "Valide à partir du (AAAA-MM-JJ)",
  validTo: "Valide jusqu'au (AAAA-MM-JJ, facultatif)",
  period: "Validité",
  periodText: (from: string, to: string | null) =>
    to ? `du ${from} au ${to}` : `à partir du ${from}, sans fin`,
  state: "Aujourd'hui",
  valid: "Valide",
  notValid: "Non valide",
  add: "Enregistrer la personne désignée",
  addTitle: "Ajouter une personne désignée",
};

const WORDS: Record<Locale, Words> = { en: EN, fr: FR };

/**
 * `POST /clients/:uci/designated-individuals`. A refused form is shown again on the client page
 * (`renderClient`), with the field named.
 */
export function registerDesignatedIndividualForm(
  pages: Hono<AppEnv>,
  renderClient: (c: Context<AppEnv>, uci: string, state: FormState, status: number) => Promise<Response>,
) {
  pages.post("/clients/:uci/designated-individuals", async (c) => {
    const uci = c.req.param("uci");
    const body = textFields(await c.req.parseBody());
    const scope = body.scope ?? WHOLE_FILE;
    try {
      await addDesignatedIndividual(
        c.var.database.db,
        c.var.actor!,
        scope === WHOLE_FILE ? { uci } : { fileNumber: scope },
        {
          name: body.name ?? "",
          email: body.email ?? "",
          ...(body.consentEdocId ? { consentEdocId: body.consentEdocId } : {}),
          ...(body.consentReference?.trim() ? { consentReference: body.consentReference } : {}),
          validFrom: body.validFrom ?? "",
          ...(body.validTo?.trim() ? { validTo: body.validTo.trim() } : {}),
        },
      );
    } catch (error) {
      const state = formStateOf(c.var.locale, FORM, body, error);
      return renderClient(c, uci, state, statusOf(error as AppError));
    }
    return c.redirect(
      withDone(`/clients/${encodeURIComponent(uci)}#designated-individuals`, "designated-added"),
      303,
    );
  });
}

export function DesignatedIndividualsSection(props: {
  locale: Locale;
  action: string;
  csrfToken: string | null;
  state: FormState | null;
  today: string;
  people: DesignatedIndividualView[];
  fileNumbers: string[];
  edocs: EdocView[];
}) {
  const words = WORDS[props.locale];
  const { state } = props;
  const typed = (name: string) => typedValue(state, FORM, name);
  const error = (name: string) => fieldError(state, FORM, name);
  const scope = typed("scope") ?? WHOLE_FILE;
  const chosenEdoc = typed("consentEdocId") ?? "";
  return (
    <Section id="designated-individuals" title={words.title}>
      <gcds-text>{words.intro}</gcds-text>
      {props.people.length === 0 ? (
        <Empty>{words.none}</Empty>
      ) : (
        <div class="dossier-table-wrap">
          <table class="dossier-table">
            <caption>{words.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{words.name}</th>
                <th scope="col">{words.email}</th>
                <th scope="col">{words.scope}</th>
                <th scope="col">{words.consent}</th>
                <th scope="col">{words.period}</th>
                <th scope="col">{words.state}</th>
              </tr>
            </thead>
            <tbody>
              {props.people.map((person) => (
                <tr>
                  <td>{person.name}</td>
                  <td>{person.email}</td>
                  <td>{person.fileNumber ? words.application(person.fileNumber) : words.wholeFile}</td>
                  <td>
                    {person.consentEdoc ? (
                      <a href={`/edocs/${person.consentEdoc.id}`}>{person.consentEdoc.fileName}</a>
                    ) : (
                      person.consentReference
                    )}
                  </td>
                  <td>{words.periodText(person.validFrom, person.validTo)}</td>
                  <td>{isConsentValidOn(person, props.today) ? words.valid : words.notValid}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 class="dossier-h3">{words.addTitle}</h3>
      <form method="post" action={props.action} class="dossier-form" id="add-designated-individual">
        <ErrorNotice locale={props.locale} state={state} form={FORM} />
        <CsrfField token={props.csrfToken} />
        <gcds-input
          input-id="designated-name"
          name="name"
          label={words.name}
          required
          value={typed("name") ?? ""}
          error-message={error("name")}
        ></gcds-input>
        <gcds-input
          input-id="designated-email"
          name="email"
          type="email"
          label={words.email}
          required
          value={typed("email") ?? ""}
          error-message={error("email")}
        ></gcds-input>
        <gcds-select select-id="designated-scope" name="scope" label={words.scope} value={scope}>
          <option value={WHOLE_FILE} selected={scope === WHOLE_FILE}>
            {words.wholeFile}
          </option>
          {props.fileNumbers.map((fileNumber) => (
            <option value={fileNumber} selected={scope === fileNumber}>
              {words.application(fileNumber)}
            </option>
          ))}
        </gcds-select>
        <gcds-select
          select-id="designated-consent-edoc"
          name="consentEdocId"
          label={words.consentEdoc}
          hint={words.consentEdocHint}
          value={chosenEdoc}
          error-message={error("consentEdocId")}
        >
          <option value="" selected={chosenEdoc === ""}>
            {words.noEdocChosen}
          </option>
          {props.edocs.map((edoc) => (
            <option value={edoc.id} selected={chosenEdoc === edoc.id}>
              {edoc.fileName}
            </option>
          ))}
        </gcds-select>
        <gcds-input
          input-id="designated-consent-reference"
          name="consentReference"
          label={words.consentReference}
          hint={words.consentReferenceHint}
          value={typed("consentReference") ?? ""}
          error-message={error("consentReference")}
        ></gcds-input>
        <gcds-input
          input-id="designated-valid-from"
          name="validFrom"
          label={words.validFrom}
          required
          value={typed("validFrom") ?? props.today}
          error-message={error("validFrom")}
        ></gcds-input>
        <gcds-input
          input-id="designated-valid-to"
          name="validTo"
          label={words.validTo}
          value={typed("validTo") ?? ""}
          error-message={error("validTo")}
        ></gcds-input>
        <gcds-button type="submit">{words.add}</gcds-button>
      </form>
    </Section>
  );
}
