/**
 * Runs periodic jobs (session clean-up, escalations, revalidation reports). Any number of Dossier
 * processes may run a scheduler against one PostgreSQL: a job's period is claimed in
 * `scheduler_runs` by one conditional UPDATE, so only one process runs it per period.
 */
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/database.ts";

export interface ScheduledJob {
  /** Stable name, the key in `scheduler_runs`. */
  name: string;
  /** Period: the job runs at most once per `everyMs`, across all processes. */
  everyMs: number;
  run(db: Db): Promise<void>;
}

export interface SchedulerHandle {
  /** Stops ticking and waits for jobs already running. */
  stop(): Promise<void>;
}

/**
 * Claims this period of a job for the caller. True means "run it now": the row's `last_run_at`
 * was older than one period (or missing) and is now set to the database's clock. The row lock
 * taken by the UPDATE makes a second process wait and then see the new time, so it gets false.
 */
export async function claimJobPeriod(db: Db, job: Pick<ScheduledJob, "name" | "everyMs">): Promise<boolean> {
  // The first run of a job creates its row; the insert loses quietly to a concurrent one.
  await db.execute(
    sql`insert into scheduler_runs (job, last_run_at) values (${job.name}, '-infinity') on conflict (job) do nothing`,
  );
  const claimed = await queryRows<{ job: string }>(
    db,
    sql`update scheduler_runs set last_run_at = now()
         where job = ${job.name} and last_run_at <= now() - ${job.everyMs} * interval '1 millisecond'
         returning job`,
  );
  return claimed.length === 1;
}

/**
 * Ticks every `tickMs` and runs each job whose period has come and that this process claimed.
 * A job still running from an earlier tick is not started again in this process.
 *
 * @example startScheduler({ db, jobs: [purgeExpiredSessionsJob], tickMs: 60_000 })
 */
export function startScheduler(options: {
  db: Db;
  jobs: readonly ScheduledJob[];
  tickMs: number;
  onError?: (job: ScheduledJob, error: unknown) => void;
}): SchedulerHandle {
  const { db, jobs, tickMs } = options;
  const onError =
    options.onError ??
    ((job: ScheduledJob, error: unknown) => console.error(`scheduler: job ${job.name} failed:`, error));
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const runJob = async (job: ScheduledJob) => {
    try {
      if (await claimJobPeriod(db, job)) await job.run(db);
    } catch (error) {
      // The period stays claimed: a failing job waits for its next period instead of hammering.
      onError(job, error);
    }
  };
  const tick = () => {
    if (stopped) return;
    for (const job of jobs) {
      if (running.has(job.name)) continue;
      const run = runJob(job).finally(() => running.delete(job.name));
      running.set(job.name, run);
    }
    timer = setTimeout(tick, tickMs);
  };
  tick();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.all(running.values());
    },
  };
}
