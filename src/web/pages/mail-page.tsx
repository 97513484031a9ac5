import type { Hono } from "hono";
import { listCaughtMail } from "../../mail/list-caught-mail.ts";
import { readCaughtMail } from "../../mail/read-caught-mail.ts";
import type { AppEnv } from "../env.ts";
import { messages } from "../i18n.ts";
import { Empty, Section, SummaryList } from "./components.tsx";
import { formatDateTime, formatSize } from "./format.ts";
import { Layout } from "./layout.tsx";
import { officeZones } from "./office-zones.ts";

/**
 * The demo's mail catcher: what Dossier sent, read back. A message is shown only as text; its HTML
 * part, if any, was turned into text by the reader and is never put into the page.
 */
export function registerMail(pages: Hono<AppEnv>) {
  pages.get("/mail", async (c) => {
    const locale = c.var.locale;
    const m = messages(locale);
    const db = c.var.database.db;
    const zone = (await officeZones(db, c.var.actor!)).own;
    const mail = await listCaughtMail(db, c.var.actor!, { limit: 200 });
    return c.html(
      <Layout
        locale={locale}
        title={m.mailTitle}
        actor={c.var.actor}
        csrfToken={c.var.csrfToken}
        path="/mail"
        section="mail"
      >
        <gcds-heading tag="h1">{m.mailTitle}</gcds-heading>
        <gcds-text>{m.mailIntro}</gcds-text>
        {mail.length === 0 ? (
          <Empty>{m.mailEmpty}</Empty>
        ) : (
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption>{m.mailCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.mailReceived}</th>
                  <th scope="col">{m.mailFrom}</th>
                  <th scope="col">{m.mailTo}</th>
                  <th scope="col">{m.subject}</th>
                  <th scope="col">{m.size}</th>
                </tr>
              </thead>
              <tbody>
                {mail.map((item) => (
                  <tr>
                    <td class="dossier-nowrap">{formatDateTime(item.receivedAt, zone, locale)}</td>
                    <td>{item.envelopeFrom ?? ""}</td>
                    <td>{item.envelopeTo.join(", ")}</td>
                    <td>
                      <a href={`/mail/${item.id}`}>{item.subject || m.mailNoSubject}</a>
                    </td>
                    <td>{formatSize(item.size, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Layout>,
    );
  });

  pages.get("/mail/:id", async (c) => {
    const locale = c.var.locale;
    const m = messages(locale);
    const db = c.var.database.db;
    const zone = (await officeZones(db, c.var.actor!)).own;
    const message = await readCaughtMail(db, c.var.actor!, c.req.param("id"));
    const subject = message.subject || m.mailNoSubject;
    return c.html(
      <Layout
        locale={locale}
        title={m.mailMessageTitle(subject)}
        actor={c.var.actor}
        csrfToken={c.var.csrfToken}
        path={`/mail/${message.id}`}
        section="mail"
      >
        <gcds-heading tag="h1">{subject}</gcds-heading>
        <Section id="headers" title={m.mailHeaders}>
          <SummaryList
            items={[
              [m.mailFrom, message.from ?? message.envelopeFrom ?? ""],
              [m.mailTo, message.to ?? message.envelopeTo.join(", ")],
              [m.mailReceived, formatDateTime(message.receivedAt, zone, locale)],
              ["Message-ID", message.messageId ?? ""],
              [m.size, formatSize(message.size, locale)],
            ]}
          />
        </Section>
        <Section id="body" title={m.mailBody}>
          <pre class="dossier-mail-text">{message.text}</pre>
          {message.attachments.length > 0 ? (
            <ul>
              {message.attachments.map((a) => (
                <li>
                  {a.fileName ?? a.contentType} ({formatSize(a.size, locale)})
                </li>
              ))}
            </ul>
          ) : null}
        </Section>
        <p>
          <gcds-link href="/mail">{m.mailBack}</gcds-link>
        </p>
      </Layout>,
    );
  });
}
