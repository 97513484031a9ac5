import { z } from "zod";

/** The columns `dossier identity link` reads, by their default header names. */
export const IDENTITY_CSV_FIELDS = [
  "id",
  "given_name",
  "family_name",
  "date_of_birth",
  "sex",
  "country_of_birth",
  "document_number",
  "street",
  "city",
  "postal_code",
  "region",
  "email",
] as const;

export type IdentityCsvField = (typeof IDENTITY_CSV_FIELDS)[number];

/** `--map field=column`: which header holds a field when it is not named as the field. */
export const ZColumnMapping = z
  .string()
  .regex(/^[a-z_]+=.+$/, "must be written field=column, e.g. given_name=First")
  .transform((text) => {
    const at = text.indexOf("=");
    return { field: text.slice(0, at), column: text.slice(at + 1).trim() };
  })
  .refine((m) => (IDENTITY_CSV_FIELDS as readonly string[]).includes(m.field), {
    message: `names an unknown field (the fields are ${IDENTITY_CSV_FIELDS.join(", ")})`,
  })
  .transform((m) => m as { field: IdentityCsvField; column: string });

export const ZIdentityLinkInput = z.object({
  base: z.string().min(1, "is required (the CSV file of clients on file)"),
  incoming: z.string().min(1, "is required (the CSV file of records to link)"),
  out: z.string().min(1, "is required (the CSV file the links are written to)"),
  map: z.array(ZColumnMapping).default([]),
  estimate: z.boolean().default(false),
});

export type IdentityLinkInput = z.infer<typeof ZIdentityLinkInput>;
