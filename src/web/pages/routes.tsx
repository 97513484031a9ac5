import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import type { AppEnv } from "../env.ts";
import { LANGUAGE_COOKIE } from "../session.ts";
import { registerActivityActions } from "./activity-actions.tsx";
import { registerAdminEnquiryRules } from "./admin-enquiry-rules-page.tsx";
import { registerAdminOffices } from "./admin-offices-page.tsx";
import { registerAdminUsers } from "./admin-users-page.tsx";
import { registerApplication } from "./application-page.tsx";
import { registerBulkPages } from "./bulk-pages.tsx";
import { registerClient } from "./client-page.tsx";
import { registerCorrespondencePages } from "./correspondence-pages.tsx";
import { registerCorrespondenceTabActions } from "./correspondence-tab-actions.tsx";
import { registerDecisionPages } from "./decision-pages.tsx";
import { registerEdocDownload } from "./edoc-download.ts";
import { registerEnquiryDashboard } from "./enquiry-dashboard-page.tsx";
import { registerEnquiryForm } from "./enquiry-form-page.tsx";
import { registerEnquiryPages, renderEnquiryPage } from "./enquiry-pages.tsx";
import { registerEnquiryReplyAction } from "./enquiry-reply-form.tsx";
import { registerEtaReviewPages } from "./eta-review-pages.tsx";
import { registerFileExportPages } from "./file-export-pages.tsx";
import { GCDS_STYLESHEET_PATH, offlineGcdsStylesheet } from "./gcds-stylesheet.ts";
import { ICON_FONT_PATH, iconFont } from "./icon-font.ts";
import { registerMail } from "./mail-page.tsx";
import { registerQueue } from "./queue-page.tsx";
import { registerSearch } from "./search-page.tsx";
import { registerSignIn } from "./sign-in-page.tsx";

/** The pages people use. Each handler parses the form or query and calls one domain operation. */
export function pageRoutes() {
  const pages = new Hono<AppEnv>();

  pages.get(GCDS_STYLESHEET_PATH, (c) =>
    c.body(offlineGcdsStylesheet(), 200, {
      "content-type": "text/css; charset=utf-8",
      "cache-control": "public, max-age=3600",
    }),
  );

  pages.get(ICON_FONT_PATH, (c) =>
    c.body(iconFont(), 200, { "content-type": "font/ttf", "cache-control": "public, max-age=86400" }),
  );

  // The language chosen with the toggle is remembered, so the next page opens in it.
  pages.use("*", async (c, next) => {
    const asked = c.req.query("lang");
    if (asked === "en" || asked === "fr") {
      setCookie(c, LANGUAGE_COOKIE, asked, {
        path: "/",
        sameSite: "Lax",
        httpOnly: true,
        secure: c.var.config.baseUrl.startsWith("https:"),
        maxAge: 365 * 24 * 3600,
      });
    }
    await next();
  });

  registerSignIn(pages);
  // The public enquiry form: no sign-in, like the sign-in page itself.
  registerEnquiryForm(pages);

  pages.use("*", async (c, next) => {
    if (!c.var.actor) {
      const url = new URL(c.req.url);
      return c.redirect(`/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    await next();
  });

  registerQueue(pages);
  registerSearch(pages);
  registerClient(pages);
  registerApplication(pages);
  registerCorrespondencePages(pages);
  registerCorrespondenceTabActions(pages);
  registerDecisionPages(pages);
  registerBulkPages(pages);
  registerActivityActions(pages);
  registerEdocDownload(pages);
  registerFileExportPages(pages);
  registerMail(pages);
  registerEnquiryDashboard(pages);
  registerEnquiryPages(pages);
  registerEnquiryReplyAction(pages, renderEnquiryPage);
  registerAdminUsers(pages);
  registerAdminEnquiryRules(pages);
  registerAdminOffices(pages);
  registerEtaReviewPages(pages);
  return pages;
}
