import { openDatabase } from "../../db/database.ts";
import { migrate } from "../../db/migrate.ts";
import { configFromEnv } from "../../server/config.ts";
import type { CliCommand } from "../command.ts";

export const migrateCommand: CliCommand = {
  path: ["migrate"],
  summary: "apply the database migrations that are not yet applied",
  usage: "dossier migrate",
  async run() {
    const config = configFromEnv();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      const applied = await migrate(database.db);
      console.log(
        applied.length
          ? `Applied ${applied.join(", ")} to ${database.location}`
          : `${database.location} is up to date`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
