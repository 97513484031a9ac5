import type { Context } from "hono";
import type { AppError } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";
import { t } from "../i18n.ts";
import { showError } from "./forms.tsx";
import { Layout } from "./layout.tsx";

/** The page a person sees for any error; never internals, always a way back. */
export function renderErrorPage(c: Context<AppEnv>, error: AppError, status: number) {
  const locale = c.var.locale ?? "en";
  const title =
    status === 404
      ? t(locale, "notFoundTitle")
      : status === 403
        ? t(locale, "forbiddenTitle")
        : status === 429
          ? t(locale, "tooManyTitle")
          : t(locale, "errorTitle");
  const url = new URL(c.req.url);
  return c.html(
    <Layout
      locale={locale}
      title={`${title} (${status})`}
      actor={c.var.actor ?? null}
      csrfToken={c.var.csrfToken ?? null}
      path={url.pathname + url.search}
    >
      <gcds-heading tag="h1">{title}</gcds-heading>
      <gcds-text>{showError(locale, error).text}</gcds-text>
      <gcds-link href="/">{t(locale, "backHome")}</gcds-link>
    </Layout>,
    status as 400,
  );
}
