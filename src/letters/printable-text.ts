/**
 * Makes text drawable with a font that lacks some characters. A letter must still print when a
 * client's address holds a character the font has no glyph for (Chinese with DejaVu Sans, or
 * Vietnamese "ễ" with the PDF standard Helvetica, which only knows WinAnsi): pdf-lib would throw
 * on such a character with a standard font, and draw an empty box with an embedded one.
 */

/** Latin letters that do not decompose into a base letter and accents, spelt as their languages do without the diacritic. */
const LATIN_FALLBACKS: Readonly<Record<string, string>> = {
  ł: "l",
  Ł: "L",
  đ: "d",
  Đ: "D",
  ħ: "h",
  Ħ: "H",
  ı: "i",
  ŋ: "ng",
  Ŋ: "NG",
  ĸ: "k",
  ŀ: "l",
  Ŀ: "L",
  ŧ: "t",
  Ŧ: "T",
  "\u202f": "\u00a0",
};

/** Shown in place of a character with no printable spelling at all (e.g. Chinese with a Latin font). */
export const UNPRINTABLE = "?";

/**
 * @example printableText("Łódź", (cp) => cp < 0x100) // → { text: "Lódz", replaced: ["Ł", "ź"] }
 * Returns the text the font can draw and the characters that had to be replaced (each once), so a
 * caller can tell the officer that the printed letter differs from the file.
 */
export function printableText(
  text: string,
  canDraw: (codePoint: number) => boolean,
): { text: string; replaced: string[] } {
  const replaced = new Set<string>();
  let out = "";
  for (const char of text.normalize("NFC")) {
    if (canDraw(char.codePointAt(0) as number)) {
      out += char;
      continue;
    }
    replaced.add(char);
    out += substitute(char, canDraw);
  }
  return { text: out, replaced: [...replaced] };
}

function substitute(char: string, canDraw: (codePoint: number) => boolean): string {
  const drawable = (s: string) => [...s].every((c) => canDraw(c.codePointAt(0) as number));
  // A letter with accents the font lacks keeps its accents the font has ("ễ" → "ê" in WinAnsi),
  // else loses them ("ễ" → "e"): the name stays recognisable on the envelope.
  const decomposed = char.normalize("NFD");
  const base = decomposed.replace(/\p{M}/gu, "");
  for (let keep = decomposed.length - 1; keep > base.length; keep--) {
    const partial = decomposed.slice(0, keep).normalize("NFC");
    if (drawable(partial)) return partial;
  }
  if (base !== "" && base !== char && drawable(base)) return base;
  const fallback = LATIN_FALLBACKS[char];
  if (fallback !== undefined && drawable(fallback)) return fallback;
  return UNPRINTABLE;
}
