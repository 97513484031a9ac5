/**
 * Breaks one line of text into lines no wider than `maxWidth`, as measured by the caller's font.
 * Pure: the PDF layer passes `font.widthOfTextAtSize`.
 */

/**
 * French typography keeps ":", ";", "!", "?" and "»" on the line of the word before them, and "«"
 * with the word after: a line must not start with "» ." or end with "«".
 */
const CLINGS_TO_PREVIOUS = /^[:;!?»]/;
const CLINGS_TO_NEXT = /«$/;

/**
 * @example wrapText("Veuillez nous écrire : merci", 60, measure) // → ["Veuillez nous", "écrire : merci"]
 * Breaks only at ordinary spaces (a no-break space holds), and cuts a word wider than a whole line
 * (a long email address) where it must. A line that fits is returned untouched, spacing included.
 */
export function wrapText(text: string, maxWidth: number, measure: (text: string) => number): string[] {
  if (measure(text) <= maxWidth) return [text];
  const words = joinClinging(text.split(/ +/).filter((word) => word !== ""));
  const lines: string[] = [];
  let current = "";
  for (const word of words) {
    const candidate = current === "" ? word : `${current} ${word}`;
    if (measure(candidate) <= maxWidth) {
      current = candidate;
      continue;
    }
    if (current !== "") lines.push(current);
    if (measure(word) <= maxWidth) {
      current = word;
      continue;
    }
    const pieces = cutWord(word, maxWidth, measure);
    lines.push(...pieces.slice(0, -1));
    current = pieces.at(-1) ?? "";
  }
  if (current !== "") lines.push(current);
  return lines;
}

function joinClinging(words: string[]): string[] {
  const joined: string[] = [];
  for (const word of words) {
    const previous = joined.at(-1);
    if (previous !== undefined && (CLINGS_TO_PREVIOUS.test(word) || CLINGS_TO_NEXT.test(previous))) {
      joined[joined.length - 1] = `${previous} ${word}`;
    } else {
      joined.push(word);
    }
  }
  return joined;
}

/** Cuts by characters (whole code points, so no accent or surrogate pair is split). */
function cutWord(word: string, maxWidth: number, measure: (text: string) => number): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const char of word) {
    if (current !== "" && measure(current + char) > maxWidth) {
      pieces.push(current);
      current = char;
    } else {
      current += char;
    }
  }
  pieces.push(current);
  return pieces;
}
