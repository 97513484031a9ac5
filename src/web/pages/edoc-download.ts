import type { Hono } from "hono";
import { readEdoc } from "../../edocs/read-edoc.ts";
import type { AppEnv } from "../env.ts";

/**
 * `filename` for old clients (ASCII only) and `filename*` (RFC 6266 §4.3, RFC 8187) so a name with
 * accents, e.g. "Lettre d'Ánh.pdf", arrives intact.
 */
function contentDisposition(fileName: string): string {
  const ascii =
    fileName
      .normalize("NFKD")
      .replace(/[^\x20-\x7e]/g, "")
      .replace(/["\\]/g, "_") || "edoc";
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function registerEdocDownload(pages: Hono<AppEnv>) {
  // Always a download, never shown in the page: an uploaded file is whatever someone sent the office,
  // and rendered in Dossier's origin an HTML or SVG file could act as the signed-in officer.
  pages.get("/edocs/:id", async (c) => {
    const { edoc, content } = await readEdoc(c.var.database.db, c.var.actor!, c.req.param("id"));
    return c.body(new Uint8Array(content), 200, {
      "content-type": edoc.mediaType,
      "content-disposition": contentDisposition(edoc.fileName),
      "x-content-type-options": "nosniff",
      "x-content-sha256": edoc.sha256,
      "cache-control": "private, no-store",
    });
  });
}
