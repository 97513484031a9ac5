import { readFile, writeFile } from "node:fs/promises";
import { type IdentityCsvField, ZColumnMapping, ZIdentityLinkInput } from "../../identity/identity.schema.ts";
import { formatLinksCsv, linkIdentities } from "../../identity/link-identity-files.ts";
import { readIdentityCsv } from "../../identity/read-identity-csv.ts";
import { AppError } from "../../shared/errors.ts";
import { validate } from "../../shared/validate.ts";
import { type CliCommand, parseFlags } from "../command.ts";
import { createProgressBar, type ProgressBar } from "../progress-bar.ts";

async function readText(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new AppError("invalid_input", `${flag}: cannot read ${path} (${reason})`, { field: flag.slice(2) });
  }
}

export const identityLinkCommand: CliCommand = {
  path: ["identity", "link"],
  summary:
    "link the people of one CSV file to those of another: match, review or new (identity reconciliation)",
  usage: [
    "dossier identity link --base A.csv --incoming B.csv --out links.csv [--map field=column …] [--estimate]",
    "",
    "Both files have a header line; the fields are id, given_name, family_name, date_of_birth",
    "(YYYY-MM-DD or YYYYMMDD), sex, country_of_birth, document_number, street, city, postal_code and",
    "region (and email, when a file has it), each read from the column of its name or the one --map gives (--map given_name=First).",
    "Writes incoming_id,decision,base_id,score: match (the same person as base_id), review (an officer",
    "should decide; base_id is the best candidate) or new (base_id empty).",
    "--estimate fits the m and u probabilities to the two files by EM instead of the configured ones.",
    "Exit 0 when the links are written, 2 on a bad flag or a bad line (the message names the line).",
  ].join("\n"),
  async run(args) {
    const { values } = parseFlags(args, {
      base: { type: "string" },
      incoming: { type: "string" },
      out: { type: "string" },
      map: { type: "string", multiple: true },
      estimate: { type: "boolean" },
    });
    for (const text of values.map ?? []) {
      const parsed = ZColumnMapping.safeParse(text);
      if (!parsed.success) {
        throw new AppError("invalid_input", `--map ${text}: ${parsed.error.issues[0]?.message}`, {
          field: "map",
        });
      }
    }
    const input = validate(ZIdentityLinkInput, {
      base: values.base ?? "",
      incoming: values.incoming ?? "",
      out: values.out ?? "",
      map: values.map ?? [],
      estimate: values.estimate ?? false,
    });
    const mapping = new Map(input.map.map((m) => [m.field, m.column]));
    const mapped = new Set<IdentityCsvField>();
    const base = readIdentityCsv(await readText(input.base, "--base"), "--base", mapping, mapped);
    const incoming = readIdentityCsv(
      await readText(input.incoming, "--incoming"),
      "--incoming",
      mapping,
      mapped,
    );
    for (const [field, column] of mapping) {
      if (!mapped.has(field)) {
        throw new AppError(
          "invalid_input",
          `--map ${field}=${column}: neither file has a column "${column}"`,
          {
            field: "map",
          },
        );
      }
    }
    const bars = new Map<string, ProgressBar>();
    const links = linkIdentities(base, incoming, {
      estimate: input.estimate,
      onProgress: ({ stage, done, total }) => {
        // Small files finish before a person could read a progress line.
        if (total < 50_000) return;
        // A stage reports 0 when it starts: --estimate builds the index twice, each with a bar.
        if (done === 0)
          bars.set(
            stage,
            createProgressBar({ label: stage === "index" ? "index" : "link", total, unit: "records" }),
          );
        const bar = bars.get(stage);
        if (!bar || done === 0) return;
        bar.update(done);
        if (done === total) {
          bar.finish();
          bars.delete(stage);
        }
      },
    });
    await writeFile(input.out, formatLinksCsv(links));
    const counts = { match: 0, review: 0, new: 0 };
    for (const link of links) counts[link.decision]++;
    console.error(
      `dossier identity link: ${links.length} incoming against ${base.length} base records: ${counts.match} match, ${counts.review} review, ${counts.new} new; written to ${input.out}`,
    );
    return 0;
  },
};
