import type { MiddlewareHandler } from "hono";
import { DOCUMENT_LIMIT } from "../../edocs/check-edoc-upload.ts";
import { AppError } from "../../shared/errors.ts";

/**
 * Refuses, by its declared length, a request larger than the largest eDoc (plus room for the form's
 * other fields). It cannot stop a body sent without a length: by the time a page route runs, the CSRF
 * check has already read the form.
 */
export const uploadLimit: MiddlewareHandler = async (c, next) => {
  const declared = Number(c.req.header("content-length") ?? 0);
  if (declared > DOCUMENT_LIMIT + 64 * 1024) {
    throw new AppError("too_large", "file: documents over 25 MB cannot be stored as eDocs", {
      field: "file",
      messageFr: "file : un document de plus de 25 Mo ne peut pas être versé comme eDoc",
    });
  }
  await next();
};
