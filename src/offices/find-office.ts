import { asc, eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { offices } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import type { Office } from "./create-office.ts";

/** The office with this code, or an error naming the field that held the unknown code. */
export async function findOfficeByCode(db: Executor, code: string, field = "officeCode"): Promise<Office> {
  const [office] = await db.select().from(offices).where(eq(offices.code, code.trim().toUpperCase()));
  if (!office) throw new AppError("invalid_input", `${field}: no office has the code ${code}`, { field });
  return office;
}

export async function listOffices(db: Executor): Promise<Office[]> {
  return db.select().from(offices).orderBy(asc(offices.code));
}
