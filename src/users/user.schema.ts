import { z } from "zod";
import { zEmail, zLine, zOfficeCode } from "../shared/schemas.ts";
import { ROLES } from "./actor.ts";

export const zPassword = z
  .string()
  .min(12, "must be at least 12 characters")
  .max(200, "must be at most 200 characters");

export const ZMembershipInput = z.object({
  officeCode: zOfficeCode,
  role: z.enum(ROLES, { message: `must be one of ${ROLES.join(", ")}` }),
});

export const ZAddUser = z.object({
  email: zEmail.transform((value) => value.toLowerCase()),
  displayName: zLine(200),
  password: zPassword,
  locale: z.enum(["en", "fr"], { message: "must be en or fr" }).default("en"),
  memberships: z.array(ZMembershipInput).min(1, "must give at least one office and role"),
});
export type AddUserInput = z.input<typeof ZAddUser>;

export const ZSignIn = z.object({
  email: z.string().trim().toLowerCase().min(1, "is required").max(254),
  password: z.string().min(1, "is required").max(200),
});
