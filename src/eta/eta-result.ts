/**
 * What the API and the import answer about an eTA application. This shape is a published contract
 * (README, "eTA applications"): fields are added, never renamed or removed.
 */
import type { etaApplications } from "../db/schema.ts";
import type { EtaStatus } from "./eta.schema.ts";
import { type EtaEndReason, etaStateOn, type ValidityLimit } from "./eta-validity.ts";
import type { ReferralReason } from "./screen-eta-application.ts";

export interface EtaResult {
  fileNumber: string;
  status: EtaStatus;
  /** The client the application is filed under (matched, or created for it), 10 digits. */
  uci: string;
  identity: { decision: "match" | "new" | "review" };
  referralReasons: ReferralReason[];
  /** Null until an eTA is issued. */
  validity: {
    issuedAt: string;
    validFrom: string;
    validUntil: string;
    limitedBy: ValidityLimit;
    /** In force today. */
    active: boolean;
    /** The day it stopped before `validUntil` (superseded, cancelled), else null. */
    endedOn: string | null;
    /** Why it is no longer in force, else null. */
    endReason: EtaEndReason | null;
  } | null;
  cancellation: { ground: string; reason: string } | null;
  /** True when this submission repeated one already on file and nothing new was created. */
  duplicate: boolean;
}

type EtaRowLike = Pick<
  typeof etaApplications.$inferInsert,
  | "status"
  | "identityDecision"
  | "issuedAt"
  | "validFrom"
  | "validUntil"
  | "validityLimit"
  | "endedOn"
  | "endReason"
  | "passportType"
  | "cancellationGround"
  | "cancellationReason"
> & { referralReasons: unknown };

export function etaResult(
  eta: EtaRowLike,
  file: { fileNumber: string; uci: string },
  today: string,
): EtaResult {
  const reasons =
    typeof eta.referralReasons === "string" ? JSON.parse(eta.referralReasons) : eta.referralReasons;
  let validity: EtaResult["validity"] = null;
  if (eta.issuedAt && eta.validFrom && eta.validUntil) {
    const state = etaStateOn(
      {
        validUntil: eta.validUntil,
        validityLimit: eta.validityLimit ?? null,
        endedOn: eta.endedOn ?? null,
        endReason: eta.endReason ?? null,
        passportType: eta.passportType,
      },
      today,
    );
    validity = {
      issuedAt: new Date(eta.issuedAt).toISOString(),
      validFrom: eta.validFrom,
      validUntil: eta.validUntil,
      limitedBy: eta.validityLimit as ValidityLimit,
      active: state.active,
      endedOn: eta.endedOn ?? null,
      endReason: state.endReason,
    };
  }
  return {
    fileNumber: file.fileNumber,
    status: eta.status as EtaStatus,
    uci: file.uci,
    identity: { decision: eta.identityDecision as EtaResult["identity"]["decision"] },
    referralReasons: (reasons ?? []) as ReferralReason[],
    validity,
    cancellation:
      eta.cancellationGround && eta.cancellationReason
        ? { ground: eta.cancellationGround, reason: eta.cancellationReason }
        : null,
    duplicate: false,
  };
}
