import type { Context } from "hono";
import { AppError } from "../../shared/errors.ts";

/** The request's JSON body, or a clear error when it is not JSON. */
export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new AppError("invalid_input", "body: must be a JSON object (Content-Type: application/json)", {
      field: "body",
    });
  }
}

/**
 * An uploaded file: multipart/form-data with a `file` field (and optional `description`), or the raw
 * bytes with `?fileName=` in the query.
 */
export async function readUpload(
  c: Context,
): Promise<{ fileName: string; description?: string; bytes: Uint8Array }> {
  const contentType = c.req.header("content-type") ?? "";
  if (contentType.includes("multipart/form-data")) {
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File)) throw new AppError("invalid_input", "file: is required", { field: "file" });
    const description =
      typeof body.description === "string" && body.description.trim() ? body.description : undefined;
    return {
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      ...(description ? { description } : {}),
    };
  }
  const fileName = c.req.query("fileName");
  if (!fileName)
    throw new AppError("invalid_input", "fileName: is required with a raw upload", { field: "fileName" });
  const description = c.req.query("description");
  return {
    fileName,
    bytes: new Uint8Array(await c.req.arrayBuffer()),
    ...(description ? { description } : {}),
  };
}
