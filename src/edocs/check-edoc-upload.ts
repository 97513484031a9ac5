import { AppError } from "../shared/errors.ts";

/** The seed's rule: a saved email message must be 4 MB or less to be stored as an eDoc. */
export const EMAIL_MESSAGE_LIMIT = 4 * 1024 * 1024;
/** Any other document (PDF, image). */
export const DOCUMENT_LIMIT = 25 * 1024 * 1024;

interface Kind {
  extensions: string[];
  mediaType: string;
  isEmail: boolean;
  /** Whether the first bytes are what a file of this kind starts with. */
  looksRight(head: Uint8Array): boolean;
}

const startsWith = (head: Uint8Array, bytes: number[]) => bytes.every((b, i) => head[i] === b);

const KINDS: Kind[] = [
  {
    extensions: [".msg"],
    mediaType: "application/vnd.ms-outlook",
    isEmail: true,
    // Outlook .msg files are OLE compound documents.
    looksRight: (h) => startsWith(h, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  },
  {
    extensions: [".eml"],
    mediaType: "message/rfc822",
    isEmail: true,
    // RFC 5322: a message opens with header fields, "Name: value", and is text.
    looksRight: (h) =>
      !h.includes(0) && /^[\x21-\x39\x3b-\x7e]+:/.test(new TextDecoder().decode(h.slice(0, 200))),
  },
  {
    extensions: [".pdf"],
    mediaType: "application/pdf",
    isEmail: false,
    looksRight: (h) => startsWith(h, [0x25, 0x50, 0x44, 0x46, 0x2d]),
  },
  {
    extensions: [".png"],
    mediaType: "image/png",
    isEmail: false,
    looksRight: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47]),
  },
  {
    extensions: [".jpg", ".jpeg"],
    mediaType: "image/jpeg",
    isEmail: false,
    looksRight: (h) => startsWith(h, [0xff, 0xd8, 0xff]),
  },
  {
    extensions: [".gif"],
    mediaType: "image/gif",
    isEmail: false,
    looksRight: (h) => startsWith(h, [0x47, 0x49, 0x46, 0x38]),
  },
  {
    extensions: [".tif", ".tiff"],
    mediaType: "image/tiff",
    isEmail: false,
    looksRight: (h) => startsWith(h, [0x49, 0x49, 0x2a, 0x00]) || startsWith(h, [0x4d, 0x4d, 0x00, 0x2a]),
  },
];

export const ACCEPTED_EXTENSIONS = KINDS.flatMap((k) => k.extensions);

/**
 * Decides whether a file may become an eDoc, from its name, size and first bytes (never from the
 * media type a browser claims). Returns the media type to store, or throws naming the rule.
 */
export function checkEdocUpload(
  fileName: string,
  size: number,
  head: Uint8Array,
): { mediaType: string; isEmail: boolean } {
  const lower = fileName.toLowerCase();
  const kind = KINDS.find((k) => k.extensions.some((ext) => lower.endsWith(ext)));
  if (!kind) {
    throw new AppError(
      "unsupported_media_type",
      `file: ${fileName} is not an accepted type (${ACCEPTED_EXTENSIONS.join(", ")})`,
      {
        field: "file",
        messageFr: `file : ${fileName} n'est pas d'un type accepté (${ACCEPTED_EXTENSIONS.join(", ")})`,
      },
    );
  }
  if (size === 0)
    throw new AppError("invalid_input", "file: the file is empty", {
      field: "file",
      messageFr: "file : le fichier est vide",
    });
  if (kind.isEmail && size > EMAIL_MESSAGE_LIMIT) {
    const mb = (size / 1024 / 1024).toFixed(1);
    const mbFr = mb.replace(".", ",");
    throw new AppError(
      "too_large",
      `file: email messages over 4 MB cannot be stored as eDocs (this one is ${mb} MB); print it with its attachments and file the paper copy`,
      {
        field: "file",
        messageFr: `file : un courriel de plus de 4 Mo ne peut pas être versé comme eDoc (celui-ci fait ${mbFr} Mo); imprimez-le avec ses pièces jointes et classez la copie papier`,
      },
    );
  }
  if (size > DOCUMENT_LIMIT) {
    throw new AppError("too_large", "file: documents over 25 MB cannot be stored as eDocs", {
      field: "file",
      messageFr: "file : un document de plus de 25 Mo ne peut pas être versé comme eDoc",
    });
  }
  if (!kind.looksRight(head)) {
    throw new AppError(
      "unsupported_media_type",
      `file: the content of ${fileName} is not a ${kind.extensions[0]} file`,
      {
        field: "file",
        messageFr: `file : le contenu de ${fileName} n'est pas un fichier ${kind.extensions[0]}`,
      },
    );
  }
  return { mediaType: kind.mediaType, isEmail: kind.isEmail };
}
