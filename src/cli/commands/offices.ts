import { createOffice } from "../../offices/create-office.ts";
import { listOffices } from "../../offices/find-office.ts";
import { SYSTEM_ACTOR } from "../../users/actor.ts";
import { type CliCommand, openConfiguredDatabase, parseFlags } from "../command.ts";

export const officesAddCommand: CliCommand = {
  path: ["offices", "add"],
  summary: "add an office",
  usage:
    "dossier offices add --code CODE --name-en NAME --name-fr NOM --mailbox EMAIL [--manager EMAIL] --address TEXT --time-zone ZONE --response-days N",
  async run(args) {
    const { values } = parseFlags(args, {
      code: { type: "string" },
      "name-en": { type: "string" },
      "name-fr": { type: "string" },
      mailbox: { type: "string" },
      manager: { type: "string" },
      address: { type: "string" },
      "time-zone": { type: "string" },
      "response-days": { type: "string" },
    });
    const database = await openConfiguredDatabase();
    try {
      const office = await createOffice(database.db, SYSTEM_ACTOR, {
        code: values.code ?? "",
        nameEn: values["name-en"] ?? "",
        nameFr: values["name-fr"] ?? "",
        mailboxEmail: values.mailbox ?? "",
        ...(values.manager ? { managerEmail: values.manager } : {}),
        postalAddress: values.address ?? "",
        timeZone: values["time-zone"] ?? "",
        responseStandardDays: Number(values["response-days"] ?? Number.NaN),
      });
      console.log(`Added office ${office.code} (${office.nameEn} / ${office.nameFr})`);
      return 0;
    } finally {
      await database.close();
    }
  },
};

export const officesListCommand: CliCommand = {
  path: ["offices", "list"],
  summary: "list the offices as JSON lines",
  usage: "dossier offices list",
  async run() {
    const database = await openConfiguredDatabase();
    try {
      for (const office of await listOffices(database.db)) console.log(JSON.stringify(office));
      return 0;
    } finally {
      await database.close();
    }
  },
};
