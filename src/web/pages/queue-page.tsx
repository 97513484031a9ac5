import type { Context, Hono } from "hono";
import { listQueue } from "../../activities/list-queue.ts";
import type { AppEnv } from "../env.ts";
import { messages } from "../i18n.ts";
import { ActivitiesTable, Empty, Section } from "./components.tsx";
import { ErrorNotice, type FormState, SuccessNotice } from "./forms.tsx";
import { Layout } from "./layout.tsx";

export function registerQueue(pages: Hono<AppEnv>) {
  pages.get("/", (c) => renderQueue(c, null));
}

/** "My queue": what is assigned to me, then what waits in my offices' queues. */
export async function renderQueue(c: Context<AppEnv>, state: FormState | null, status = 200) {
  const actor = c.var.actor!;
  const locale = c.var.locale;
  const m = messages(locale);
  const items = await listQueue(c.var.database.db, actor);
  const mine = items.filter((item) => item.mine);
  const unassigned = items.filter((item) => !item.mine);
  const url = new URL(c.req.url);
  return c.html(
    <Layout
      locale={locale}
      title={m.queueTitle}
      actor={actor}
      csrfToken={c.var.csrfToken}
      path={url.pathname + url.search}
      section="queue"
    >
      <gcds-heading tag="h1">{m.queueTitle}</gcds-heading>
      <gcds-text>{m.queueIntro}</gcds-text>
      <SuccessNotice c={c} />
      <ErrorNotice locale={locale} state={state} />
      <Section id="mine" title={m.queueMine}>
        {mine.length === 0 ? (
          <Empty>{m.queueMineEmpty}</Empty>
        ) : (
          <ActivitiesTable
            locale={locale}
            caption={m.queueMine}
            hideCaption
            activities={mine}
            csrfToken={c.var.csrfToken}
            back="/"
            state={state}
          />
        )}
      </Section>
      <Section id="unassigned" title={m.queueUnassigned}>
        {unassigned.length === 0 ? (
          <Empty>{m.queueUnassignedEmpty}</Empty>
        ) : (
          <ActivitiesTable
            locale={locale}
            caption={m.queueUnassigned}
            hideCaption
            activities={unassigned}
            csrfToken={c.var.csrfToken}
            back="/"
            state={state}
          />
        )}
      </Section>
    </Layout>,
    status as 200,
  );
}
