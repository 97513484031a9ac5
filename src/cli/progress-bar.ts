/**
 * Progress of a long command on stderr, so stdout keeps only the result. On a terminal one line is
 * redrawn in place; in a log file (CI, `2> file`) a line is written at every tenth of the work.
 */

export interface ProgressBar {
  update(done: number): void;
  /** Writes the last state and ends the line. */
  finish(): void;
}

export interface ProgressBarOptions {
  label: string;
  total: number;
  /** What is counted, for the rate: `records` gives `12,345 records/s`. */
  unit?: string;
  stream?: NodeJS.WriteStream;
  now?: () => number;
}

const BAR_WIDTH = 24;
// A terminal redraw costs little, but a few per second is all a person can read.
const REDRAW_MS = 100;

export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const unit = options.unit ?? "rows";
  const started = now();
  const interactive = stream.isTTY === true;
  let lastDraw = -Infinity;
  let lastTenth = 0;
  let done = 0;

  const line = () =>
    formatProgress({ label: options.label, done, total: options.total, elapsedMs: now() - started, unit });
  return {
    update(value) {
      done = value;
      if (interactive) {
        if (now() - lastDraw < REDRAW_MS) return;
        lastDraw = now();
        stream.write(`\r${line()}\x1b[K`);
        return;
      }
      const tenth = options.total > 0 ? Math.floor((done / options.total) * 10) : 10;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${line()}\n`);
      }
    },
    finish() {
      if (interactive) stream.write(`\r${line()}\x1b[K\n`);
      else if (lastTenth < 10) stream.write(`${line()}\n`);
    },
  };
}

/**
 * One progress line: `generate [#########---------------]  38%  380,000/1,000,000 records  21,450 records/s  ETA 0:29`.
 * Pure, for tests.
 */
export function formatProgress(state: {
  label: string;
  done: number;
  total: number;
  elapsedMs: number;
  unit: string;
}): string {
  const fraction = state.total > 0 ? Math.min(1, state.done / state.total) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? state.done / seconds : 0;
  const eta =
    rate > 0 && state.done < state.total ? `ETA ${formatDuration((state.total - state.done) / rate)}` : "";
  const count = `${state.done.toLocaleString("en-CA")}/${state.total.toLocaleString("en-CA")} ${state.unit}`;
  return [
    state.label,
    bar,
    percent,
    count,
    `${Math.round(rate).toLocaleString("en-CA")} ${state.unit}/s`,
    eta,
  ]
    .filter(Boolean)
    .join("  ");
}

/** `75` → `1:15`, `3725` → `1:02:05`. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}
