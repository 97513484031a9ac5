import { AppError } from "../../shared/errors.ts";
import { SYSTEM_ACTOR } from "../../users/actor.ts";
import { createApiKey } from "../../users/api-keys.ts";
import { type CliCommand, openConfiguredDatabase, parseFlags } from "../command.ts";

export const apikeyCreateCommand: CliCommand = {
  path: ["apikey", "create"],
  summary: "create an API key for a user (printed once; only its hash is kept)",
  usage: "dossier apikey create --user EMAIL [--label TEXT]",
  async run(args) {
    const { values } = parseFlags(args, { user: { type: "string" }, label: { type: "string" } });
    if (!values.user) throw new AppError("invalid_input", "--user: is required (the user's email)");
    const database = await openConfiguredDatabase();
    try {
      const { key } = await createApiKey(database.db, SYSTEM_ACTOR, {
        userEmail: values.user,
        ...(values.label ? { label: values.label } : {}),
      });
      console.log(key);
      return 0;
    } finally {
      await database.close();
    }
  },
};
