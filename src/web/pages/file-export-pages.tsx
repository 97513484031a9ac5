/**
 * The client's file export from the application page (PDF or JSON, each export audited) and the
 * page of open access requests per office. Handlers call one operation each; an officer of another
 * office gets "not found", as everywhere else.
 */
import type { Hono } from "hono";
import { listAccessRequests } from "../../access-requests/list-access-requests.ts";
import { sha256Hex } from "../../edocs/store-blob.ts";
import { exportFile } from "../../file-export/export-file.ts";
import type { AppEnv, Locale } from "../env.ts";
import { messages } from "../i18n.ts";
import { Empty, Section } from "./components.tsx";
import { Layout } from "./layout.tsx";

export function registerFileExportPages(pages: Hono<AppEnv>) {
  // A download, never shown in the page; `no-store`, as the copy holds the client's personal information.
  for (const format of ["pdf", "json"] as const) {
    pages.get(`/applications/:fileNumber/export.${format}`, async (c) => {
      const { files } = await exportFile(c.var.database.db, c.var.actor!, {
        target: c.req.param("fileNumber"),
      });
      const file = format === "pdf" ? files[0] : files[1];
      return c.body(new Uint8Array(file.bytes), 200, {
        "content-type": format === "pdf" ? "application/pdf" : "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${file.name}"`,
        "x-content-type-options": "nosniff",
        "x-content-sha256": sha256Hex(file.bytes),
        "cache-control": "private, no-store",
      });
    });
  }

  pages.get("/access-requests", async (c) => {
    const actor = c.var.actor!;
    const locale = c.var.locale;
    const m = messages(locale);
    const items = await listAccessRequests(c.var.database.db, actor);
    const offices = [...new Set(items.map((item) => item.officeCode))];
    return c.html(
      <Layout
        locale={locale}
        title={m.accessRequestsTitle}
        actor={actor}
        csrfToken={c.var.csrfToken}
        path="/access-requests"
        section="access-requests"
      >
        <gcds-heading tag="h1">{m.accessRequestsTitle}</gcds-heading>
        <gcds-text>{m.accessRequestsIntro}</gcds-text>
        {items.length === 0 ? <Empty>{m.accessRequestsEmpty}</Empty> : null}
        {offices.map((office) => (
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption>{m.accessRequestsCaption(office)}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.accessRequestDue}</th>
                  <th scope="col">{m.accessRequestTimeLeft}</th>
                  <th scope="col">{m.accessRequestFile}</th>
                  <th scope="col">{m.accessRequestRequester}</th>
                  <th scope="col">{m.accessRequestAct}</th>
                  <th scope="col">{m.accessRequestReceived}</th>
                </tr>
              </thead>
              <tbody>
                {items
                  .filter((item) => item.officeCode === office)
                  .map((item) => (
                    <tr>
                      <td class="dossier-nowrap">
                        {item.dueDate}
                        {item.extended ? (
                          <span class="dossier-meta"> ({m.accessRequestExtended})</span>
                        ) : null}
                      </td>
                      <td>
                        {item.overdue ? (
                          <strong>{m.accessRequestDaysLeft(item.daysLeft)}</strong>
                        ) : (
                          m.accessRequestDaysLeft(item.daysLeft)
                        )}
                      </td>
                      <td>
                        {item.fileNumber ? (
                          <a href={`/applications/${encodeURIComponent(item.fileNumber)}`}>
                            {item.fileNumber}
                          </a>
                        ) : (
                          <a href={`/clients/${encodeURIComponent(item.uci)}`}>{item.clientName}</a>
                        )}
                      </td>
                      <td>
                        {item.requesterName}
                        <span class="dossier-meta"> ({m.accessRequestKind(item.requesterKind)})</span>
                      </td>
                      <td>{m.accessRequestActName(item.act)}</td>
                      <td class="dossier-nowrap">{item.receivedDate}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ))}
      </Layout>,
    );
  });
}

/** The application page's section: the export links and the way to the access requests. */
export function FileExportSection(props: { locale: Locale; fileNumber: string }) {
  const m = messages(props.locale);
  const base = `/applications/${encodeURIComponent(props.fileNumber)}`;
  return (
    <Section id="file-export" title={m.fileExportTitle}>
      <gcds-text>{m.fileExportIntro}</gcds-text>
      <p class="dossier-actions">
        <gcds-link href={`${base}/export.pdf`} download>
          {m.fileExportPdf}
        </gcds-link>
        <gcds-link href={`${base}/export.json`} download>
          {m.fileExportJson}
        </gcds-link>
        <gcds-link href="/access-requests">{m.accessRequestsLink}</gcds-link>
      </p>
    </Section>
  );
}
