import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { RecordAccessRequestInput } from "../../access-requests/access-request.schema.ts";
import { completeAccessRequest } from "../../access-requests/complete-access-request.ts";
import { extendAccessRequest } from "../../access-requests/extend-access-request.ts";
import { listAccessRequests } from "../../access-requests/list-access-requests.ts";
import { recordAccessRequest } from "../../access-requests/record-access-request.ts";
import type { Database } from "../../db/database.ts";
import { sha256Hex } from "../../edocs/store-blob.ts";
import type { Actor } from "../../users/actor.ts";
import {
  actorFromFlag,
  type CliCommand,
  onePositional,
  openConfiguredDatabase,
  parseFlags,
  requireAsFlag,
  requireFlag,
} from "../command.ts";

async function asUser<T>(as: string, act: (database: Database, actor: Actor) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase();
  try {
    return await act(database, await actorFromFlag(database.db, as));
  } finally {
    await database.close();
  }
}

const ADD_USAGE =
  "dossier access-requests add UCI|FILE_NUMBER --received YYYY-MM-DD --requester NAME --kind applicant|representative|other [--email EMAIL] [--consent-edoc ID | --consent-ref TEXT] --as EMAIL";

export const accessRequestsAddCommand: CliCommand = {
  path: ["access-requests", "add"],
  summary: "record a request for a client's file (due 30 days after receipt)",
  usage: [
    ADD_USAGE,
    "",
    "A representative or another person needs the applicant's consent (IMM 5744): the id of its eDoc",
    "on the client's file, or a reference to where it is kept. Prints the request as one JSON line.",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseFlags(args, {
      received: { type: "string" },
      requester: { type: "string" },
      email: { type: "string" },
      kind: { type: "string" },
      "consent-edoc": { type: "string" },
      "consent-ref": { type: "string" },
      as: { type: "string" },
    });
    const target = onePositional(positionals, "UCI or file number", ADD_USAGE);
    const input: RecordAccessRequestInput = {
      target,
      receivedDate: requireFlag(values.received, "received", "the day the request was received, YYYY-MM-DD"),
      requesterName: requireFlag(values.requester, "requester", "the name of the person asking"),
      requesterKind: requireFlag(values.kind, "kind", "applicant, representative or other") as "applicant",
      ...(values.email ? { requesterEmail: values.email } : {}),
      ...(values["consent-edoc"] ? { consentEdocId: values["consent-edoc"] } : {}),
      ...(values["consent-ref"] ? { consentReference: values["consent-ref"] } : {}),
    };
    const as = requireAsFlag(values.as);
    const request = await asUser(as, (database, actor) => recordAccessRequest(database.db, actor, input));
    console.log(JSON.stringify(request));
    return 0;
  },
};

const EXTEND_USAGE =
  "dossier access-requests extend ID --to YYYY-MM-DD --ground volume|consultation|third-party-notice|translation --reason TEXT --as EMAIL";

export const accessRequestsExtendCommand: CliCommand = {
  path: ["access-requests", "extend"],
  summary: "extend an access request's time limit (once; Privacy Act: at most 30 more days)",
  usage: [
    EXTEND_USAGE,
    "",
    "Decided within the first 30 days. Prints the request, the provision the notice cites, and whether",
    "the Information Commissioner must be told (Access to Information Act s. 9(2)).",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseFlags(args, {
      to: { type: "string" },
      ground: { type: "string" },
      reason: { type: "string" },
      as: { type: "string" },
    });
    const id = onePositional(positionals, "access request id", EXTEND_USAGE);
    const input = {
      newDueDate: requireFlag(values.to, "to", "the new due date, YYYY-MM-DD"),
      ground: requireFlag(values.ground, "ground", "why more time is needed") as "volume",
      reason: requireFlag(values.reason, "reason", "the reason, in words, kept with the request"),
    };
    const as = requireAsFlag(values.as);
    const result = await asUser(as, (database, actor) => extendAccessRequest(database.db, actor, id, input));
    if (result.commissionerNoticeRequired) {
      console.error(
        "warning: an extension over 30 days must be notified to the Information Commissioner (Access to Information Act s. 9(2))",
      );
    }
    console.log(JSON.stringify(result));
    return 0;
  },
};

const COMPLETE_USAGE =
  "dossier access-requests complete ID --out DIR [--date YYYY-MM-DD] [--lang en|fr] --as EMAIL";

export const accessRequestsCompleteCommand: CliCommand = {
  path: ["access-requests", "complete"],
  summary: "answer an access request with the client's file export (kept as an eDoc) and close it",
  usage: [
    COMPLETE_USAGE,
    "",
    "Writes the released copy (PDF and JSON) to DIR, keeps the PDF as an eDoc on the file, and records",
    "the request as answered on --date (today when absent).",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseFlags(args, {
      out: { type: "string" },
      date: { type: "string" },
      lang: { type: "string" },
      as: { type: "string" },
    });
    const id = onePositional(positionals, "access request id", COMPLETE_USAGE);
    const out = requireFlag(values.out, "out", "the directory to write the released copy to");
    const as = requireAsFlag(values.as);
    const done = await asUser(as, (database, actor) =>
      completeAccessRequest(database.db, actor, id, {
        ...(values.date ? { completedDate: values.date } : {}),
        ...(values.lang ? { lang: values.lang as "en" } : {}),
      }),
    );
    const dir = resolve(out);
    await mkdir(dir, { recursive: true });
    for (const file of done.export.files) {
      const path = join(dir, file.name);
      await writeFile(path, file.bytes);
      console.log(`${path}  ${file.bytes.byteLength} bytes  sha256 ${sha256Hex(file.bytes)}`);
    }
    console.log(`answered on ${done.request.completedDate}; eDoc ${done.edocId}`);
    return 0;
  },
};

export const accessRequestsListCommand: CliCommand = {
  path: ["access-requests", "list"],
  summary: "list the open access requests of your offices, the first due first",
  usage: "dossier access-requests list [--office CODE] [--json] --as EMAIL",
  async run(args) {
    const { values } = parseFlags(args, {
      office: { type: "string" },
      json: { type: "boolean" },
      as: { type: "string" },
    });
    const as = requireAsFlag(values.as);
    const items = await asUser(as, (database, actor) =>
      listAccessRequests(database.db, actor, values.office ? { officeCode: values.office } : {}),
    );
    if (values.json) {
      console.log(JSON.stringify({ accessRequests: items }));
      return 0;
    }
    if (items.length === 0) {
      console.log("No open access request in your offices.");
      return 0;
    }
    for (const item of items) {
      const left = item.overdue ? `OVERDUE by ${-item.daysLeft} d` : `${item.daysLeft} d left`;
      console.log(
        [
          item.dueDate + (item.extended ? " (extended)" : ""),
          left,
          item.officeCode,
          item.fileNumber ?? `UCI ${item.uci}`,
          `${item.requesterName} (${item.requesterKind})`,
          item.id,
        ].join("  "),
      );
    }
    return 0;
  },
};
