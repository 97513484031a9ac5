import { verifyAuditChain } from "../../audit/verify-audit-chain.ts";
import { type CliCommand, openConfiguredDatabase } from "../command.ts";

export const auditVerifyCommand: CliCommand = {
  path: ["audit", "verify"],
  summary: "check that the audit chain is intact (exit 0) or name the first broken event (exit 1)",
  usage: "dossier audit verify",
  async run() {
    const database = await openConfiguredDatabase();
    try {
      const verdict = await verifyAuditChain(database.db);
      if (verdict.intact) {
        console.log(`Audit chain intact: ${verdict.events} events, last hash ${verdict.lastHash}`);
        return 0;
      }
      console.log(
        `Audit chain BROKEN at event ${verdict.brokenAt}: ${verdict.reason}. ${verdict.events} events before it are intact.`,
      );
      return 1;
    } finally {
      await database.close();
    }
  },
};
