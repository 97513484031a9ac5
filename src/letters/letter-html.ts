/**
 * The HTML alternative of a letter, derived from its plain text. Templates are plain text, so
 * escaping the whole filled text escapes every value in it; the only markup is the one added here
 * (paragraphs, line breaks, lists), never any that came from a value.
 */
import type { LetterLanguage } from "./letter-templates.ts";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const LIST_ITEM = /^[•-] /;

/** Paragraphs are separated by a blank line; a paragraph whose every line starts with "• " is a list. */
function blocksToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.split("\n"))
    .map((lines) =>
      lines.every((line) => LIST_ITEM.test(line))
        ? `<ul>${lines.map((line) => `<li>${escapeHtml(line.replace(LIST_ITEM, ""))}</li>`).join("")}</ul>`
        : `<p>${lines.map(escapeHtml).join("<br>")}</p>`,
    )
    .join("\n");
}

/**
 * @example letterHtml({ language: "fr", title: "Objet", main: "Bonjour,\n\n<b>x</b>" })
 *   // → '<!doctype html><html lang="fr-CA">…<p>Bonjour,</p>\n<p>&lt;b&gt;x&lt;/b&gt;</p>…'
 */
export function letterHtml(input: {
  language: LetterLanguage;
  title: string;
  main: string;
  /** Set apart below a rule, in smaller type (the email caution). */
  footnote?: string;
}): string {
  const footnote = input.footnote
    ? `\n<hr>\n<div style="font-size:0.875em;color:#333">${blocksToHtml(input.footnote)}</div>`
    : "";
  return `<!doctype html>
<html lang="${input.language}-CA">
<head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;line-height:1.45;max-width:40em">
${blocksToHtml(input.main)}${footnote}
</body>
</html>
`;
}
