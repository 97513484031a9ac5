import { randomBytes } from "node:crypto";
import { AppError } from "../../shared/errors.ts";
import { SYSTEM_ACTOR } from "../../users/actor.ts";
import { addUser } from "../../users/add-user.ts";
import { type CliCommand, openConfiguredDatabase, parseFlags } from "../command.ts";

export const usersAddCommand: CliCommand = {
  path: ["users", "add"],
  summary: "add a user with roles in offices",
  usage:
    "dossier users add --email EMAIL --name NAME --office CODE:ROLE [--office CODE:ROLE …] [--password P] [--locale en|fr]\n" +
    "  ROLE is officer, decision-maker-1, program-manager, enquiries-agent or administrator.\n" +
    "  Without --password (or DOSSIER_PASSWORD), a password is generated and printed once.",
  async run(args) {
    const { values } = parseFlags(args, {
      email: { type: "string" },
      name: { type: "string" },
      office: { type: "string", multiple: true },
      password: { type: "string" },
      locale: { type: "string" },
    });
    const memberships = (values.office ?? []).map((pair) => {
      const [officeCode, role] = pair.split(":");
      if (!officeCode || !role)
        throw new AppError("invalid_input", `--office: "${pair}" must be CODE:ROLE, e.g. OTT:officer`);
      return { officeCode, role };
    });
    const generated =
      (values.password ?? process.env.DOSSIER_PASSWORD) ? null : randomBytes(12).toString("base64url");
    const database = await openConfiguredDatabase();
    try {
      const user = await addUser(database.db, SYSTEM_ACTOR, {
        email: values.email ?? "",
        displayName: values.name ?? "",
        password: values.password ?? process.env.DOSSIER_PASSWORD ?? generated ?? "",
        locale: (values.locale ?? "en") as "en",
        memberships: memberships as never,
      });
      console.log(`Added ${user.displayName} <${user.email}> (${user.id})`);
      if (generated) console.log(`Password (shown once): ${generated}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
