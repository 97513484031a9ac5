/**
 * A rendered paper letter as a PDF for printing and mailing in a windowed envelope (US/Canadian
 * Letter size, #10 envelope), and for keeping as the eDoc of the paper correspondence.
 */
import { createHash } from "node:crypto";
import { access, readFile } from "node:fs/promises";
import fontkit from "@pdf-lib/fontkit";
import { PageSizes, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { AppError } from "../shared/errors.ts";
import { fillPlaceholders } from "./fill-placeholders.ts";
import { printableText } from "./printable-text.ts";
import type { RenderedLetter } from "./render-letter.ts";
import { LETTER_FRAMES } from "./templates/index.ts";
import { wrapText } from "./wrap-text.ts";

export interface LetterFontFiles {
  regular: string;
  bold: string;
}

/**
 * Debian's fonts-dejavu-core: one Unicode TrueType family with every Latin letter a client's name
 * may hold (French accents, Vietnamese ễ, Polish ł, Cyrillic, Greek), which the PDF standard
 * Helvetica (WinAnsi only) lacks. It has no Chinese, Japanese or Korean glyphs.
 */
export const DEJAVU_SANS: LetterFontFiles = {
  regular: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  bold: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
};

export interface LetterPdfOptions {
  /**
   * TrueType files to embed. Default: DejaVu Sans when installed, else Helvetica. `null` forces
   * Helvetica, whose missing characters are spelt without their accents (see `printableText`).
   */
  fonts?: LetterFontFiles | null;
  /** Told, once, which characters could not be printed as written and were replaced. */
  onUnprintable?: (characters: string[]) => void;
}

// Points (1/72 in). Letter paper, the size Canadian offices print on.
const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.Letter;
const MARGIN_LEFT = 72;
const TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_LEFT;
const TOP = PAGE_HEIGHT - 54;
const BOTTOM = 72;
/**
 * A #10 window envelope's window is 7/8 in from the left and 1/2 in from the bottom, 4 1/2 × 1 1/8 in;
 * a letter folded in three sits at the bottom of the envelope, so the window shows the band from
 * about 2 in to 3 1/8 in below the top of the page. The address block starts inside it.
 */
const ADDRESS_TOP = PAGE_HEIGHT - 2.15 * 72;
const ADDRESS_WIDTH = 4 * 72;
/** The letter's own text starts below the window band, so nothing else shows through the window. */
const CONTENT_TOP = PAGE_HEIGHT - 3.35 * 72;

const BODY_SIZE = 10.5;
const BODY_LEADING = 14.5;
const PARAGRAPH_GAP = 7;
const INK = rgb(0, 0, 0);
const GREY = rgb(0.35, 0.35, 0.35);
const BULLET = /^[•-] /;

/**
 * @example const pdf = await renderLetterPdf(renderLetter({ …, channel: "paper" }))
 *   // → the bytes of a PDF: letterhead, date, address block, reference line, subject, text,
 *   //   "Page 1 of 2" / "Page 1 de 2" at the foot of each page
 */
export async function renderLetterPdf(
  letter: RenderedLetter,
  options: LetterPdfOptions = {},
): Promise<Uint8Array> {
  if (letter.channel !== "paper") {
    throw new AppError("invalid_input", "channel: only a letter rendered for paper can be printed", {
      field: "channel",
    });
  }
  const { heading } = letter;
  const clientAddress = heading.clientAddress;
  if (!clientAddress) {
    throw new AppError(
      "invalid_state",
      "A paper letter needs the client's postal address; record one on the file first.",
    );
  }

  const doc = await PDFDocument.create();
  // Fixed metadata and dates make the same letter give the same bytes, so its eDoc's SHA-256 is stable.
  doc.setTitle(letter.subject, { showInWindowTitleBar: true });
  doc.setAuthor(heading.officeName);
  doc.setLanguage(`${letter.language}-CA`);
  doc.setCreator("Dossier");
  doc.setProducer("Dossier");
  doc.setCreationDate(letter.issuedAt);
  doc.setModificationDate(letter.issuedAt);

  const files = options.fonts === undefined ? await installedDefaultFonts() : options.fonts;
  const fonts = await embedFonts(doc, files, subsetTag(letter));
  const replaced = new Set<string>();
  const printable = (text: string, font: PDFFont) => {
    const result = printableText(text, canDraw(font));
    for (const char of result.replaced) replaced.add(char);
    return result.text;
  };

  const pages: PDFPage[] = [];
  let page = doc.addPage(PageSizes.Letter);
  pages.push(page);
  let y = 0;
  const draw = (text: string, x: number, at: number, size: number, font: PDFFont, color = INK) =>
    page.drawText(printable(text, font), { x, y: at, size, font, color });
  const wrap = (text: string, width: number, size: number, font: PDFFont) =>
    wrapText(printable(text, font), width, (t) => font.widthOfTextAtSize(t, size));

  // Letterhead: the office in the letter's language, its postal address, and the date at the right.
  y = TOP - 13;
  const dateWidth = fonts.regular.widthOfTextAtSize(printable(heading.dateText, fonts.regular), BODY_SIZE);
  draw(heading.dateText, MARGIN_LEFT + TEXT_WIDTH - dateWidth, y, BODY_SIZE, fonts.regular);
  wrap(heading.officeName, TEXT_WIDTH - dateWidth - 18, 13, fonts.bold).forEach((line, i) => {
    if (i > 0) y -= 15;
    draw(line, MARGIN_LEFT, y, 13, fonts.bold);
  });
  for (const line of heading.officeAddress.split("\n")) {
    y -= 11.5;
    draw(line, MARGIN_LEFT, y, 9, fonts.regular, GREY);
  }
  y -= 9;
  page.drawLine({
    start: { x: MARGIN_LEFT, y },
    end: { x: MARGIN_LEFT + TEXT_WIDTH, y },
    thickness: 0.5,
    color: GREY,
  });

  // Address block for the envelope's window.
  y = ADDRESS_TOP - BODY_SIZE;
  for (const line of [heading.clientName, ...clientAddress.split("\n")]) {
    for (const piece of wrap(line, ADDRESS_WIDTH, BODY_SIZE, fonts.regular)) {
      draw(piece, MARGIN_LEFT, y, BODY_SIZE, fonts.regular);
      y -= 13;
    }
  }

  y = Math.min(y - 10, CONTENT_TOP);
  draw(heading.referenceLine, MARGIN_LEFT, y, 9.5, fonts.regular);
  y -= 22;
  for (const line of wrap(letter.subject, TEXT_WIDTH, 11.5, fonts.bold)) {
    draw(line, MARGIN_LEFT, y, 11.5, fonts.bold);
    y -= 15;
  }
  y -= 9;

  const newPage = () => {
    page = doc.addPage(PageSizes.Letter);
    pages.push(page);
    // A page that comes loose from the letter still says whose file it belongs to.
    const withOffice = `${heading.officeName} — ${heading.referenceLine}`;
    const fits = wrap(withOffice, TEXT_WIDTH, 8.5, fonts.regular).length === 1;
    draw(fits ? withOffice : heading.referenceLine, MARGIN_LEFT, TOP - 8.5, 8.5, fonts.regular, GREY);
    page.drawLine({
      start: { x: MARGIN_LEFT, y: TOP - 15 },
      end: { x: MARGIN_LEFT + TEXT_WIDTH, y: TOP - 15 },
      thickness: 0.5,
      color: GREY,
    });
    y = TOP - 40;
  };
  const linesLeft = () => Math.floor((y - BOTTOM) / BODY_LEADING) + 1;

  const paragraphs = (text: string) =>
    text.split(/\n{2,}/).map((p) => typesetParagraph(p, wrap, fonts.regular));
  const flow = (block: TypesetLine[][]) => {
    for (const lines of block) {
      let rest = lines;
      while (rest.length > 0) {
        let fit = Math.min(rest.length, linesLeft());
        // No paragraph starts with a lone line at the foot of a page or ends with one at the top of the next.
        if (fit < rest.length && rest.length - fit === 1) fit -= 1;
        if (fit < rest.length && fit < 2) fit = 0;
        if (fit === 0) {
          newPage();
          continue;
        }
        for (const line of rest.slice(0, fit)) {
          draw(line.text, MARGIN_LEFT + line.indent, y, BODY_SIZE, fonts.regular);
          y -= BODY_LEADING;
        }
        rest = rest.slice(fit);
      }
      y -= PARAGRAPH_GAP;
    }
  };
  const height = (block: TypesetLine[][]) =>
    block.reduce((sum, lines) => sum + lines.length * BODY_LEADING + PARAGRAPH_GAP, 0);

  const body = paragraphs(letter.body);
  // The sign-off and the body's last paragraph stay together on one page, so the letter never ends
  // on a page holding only "Sincerely," and the office's name.
  const ending = [...body.splice(-1), ...paragraphs(letter.closing)];
  flow(body);
  const room = y - BOTTOM + BODY_LEADING;
  if (height(ending) > room && height(ending) <= TOP - 40 - BOTTOM) newPage();
  flow(ending);

  const pageNumber = LETTER_FRAMES[letter.language].pageNumber;
  pages.forEach((p, index) => {
    page = p;
    const label = fillPlaceholders(pageNumber, { page: String(index + 1), pages: String(pages.length) });
    const width = fonts.regular.widthOfTextAtSize(printable(label, fonts.regular), 9);
    draw(label, (PAGE_WIDTH - width) / 2, 40, 9, fonts.regular, GREY);
  });

  if (replaced.size > 0) options.onUnprintable?.([...replaced]);
  return doc.save();
}

interface TypesetLine {
  text: string;
  indent: number;
}

/** A paragraph's lines, wrapped; a "• " item's following lines hang under its text, not its bullet. */
function typesetParagraph(
  paragraph: string,
  wrap: (text: string, width: number, size: number, font: PDFFont) => string[],
  font: PDFFont,
): TypesetLine[] {
  return paragraph.split("\n").flatMap((line) => {
    const bullet = BULLET.exec(line)?.[0];
    if (!bullet) return wrap(line, TEXT_WIDTH, BODY_SIZE, font).map((text) => ({ text, indent: 0 }));
    const indent = font.widthOfTextAtSize("• ", BODY_SIZE);
    const pieces = wrap(line.slice(bullet.length), TEXT_WIDTH - indent - 12, BODY_SIZE, font);
    return pieces.map((text, i) =>
      i === 0 ? { text: `• ${text}`, indent: 12 } : { text, indent: 12 + indent },
    );
  });
}

const characterSets = new WeakMap<PDFFont, ReadonlySet<number>>();
function canDraw(font: PDFFont): (codePoint: number) => boolean {
  let set = characterSets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    characterSets.set(font, set);
  }
  const known = set;
  return (codePoint) => known.has(codePoint);
}

async function installedDefaultFonts(): Promise<LetterFontFiles | null> {
  try {
    await Promise.all([access(DEJAVU_SANS.regular), access(DEJAVU_SANS.bold)]);
    return DEJAVU_SANS;
  } catch {
    return null;
  }
}

const fontBytes = new Map<string, Promise<Uint8Array>>();
function readFont(path: string): Promise<Uint8Array> {
  let bytes = fontBytes.get(path);
  if (!bytes) {
    bytes = readFile(path).then((buffer) => new Uint8Array(buffer));
    // A failed read is not cached: the font may be installed later without a restart.
    bytes.catch(() => fontBytes.delete(path));
    fontBytes.set(path, bytes);
  }
  return bytes;
}

async function embedFonts(
  doc: PDFDocument,
  files: LetterFontFiles | null,
  tag: string,
): Promise<{ regular: PDFFont; bold: PDFFont }> {
  if (!files) {
    return {
      regular: await doc.embedFont(StandardFonts.Helvetica),
      bold: await doc.embedFont(StandardFonts.HelveticaBold),
    };
  }
  doc.registerFontkit(cachingFontkit);
  const embed = async (path: string, subsetTag: string) => {
    const bytes = await readFont(path).catch((cause: unknown) => {
      throw new AppError("internal", `letter font ${path} cannot be read`, { cause });
    });
    const facts = fontFacts(path, bytes);
    return doc.embedFont(bytes, {
      subset: facts.subsetIsSafe,
      // PDF 32000-1 §9.6.4: a subset font's name starts with six capital letters and "+"; derived
      // from the letter, not random, so the same letter gives the same file.
      customName: facts.subsetIsSafe ? `${subsetTag}+${facts.postscriptName}` : facts.postscriptName,
      // No ligatures: "fi" stays two letters, so text copied or searched in the PDF is what was written.
      features: { liga: false },
    });
  };
  // One after the other: PDF object numbers follow the order of embedding, so a race between the
  // two file reads would make the same letter come out as different bytes.
  const regular = await embed(files.regular, tag.slice(0, 6));
  const bold = await embed(files.bold, tag.slice(6, 12));
  return { regular, bold };
}

/**
 * fontkit parses a font's layout tables on first use, which for DejaVu Sans costs more than the rest
 * of a letter; a parsed font is only read afterwards (each embedding makes its own subset), so one
 * parse per font file serves every letter.
 */
const parsedFonts = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
const cachingFontkit: typeof fontkit = {
  ...fontkit,
  create(bytes: Uint8Array, postscriptName?: string) {
    if (postscriptName !== undefined) return fontkit.create(bytes, postscriptName);
    let font = parsedFonts.get(bytes);
    if (!font) {
      font = fontkit.create(bytes);
      parsedFonts.set(bytes, font);
    }
    return font;
  },
};

const factsByPath = new Map<string, { postscriptName: string; subsetIsSafe: boolean }>();
/**
 * Whether a font can be subset, and its name. @pdf-lib/fontkit 1.1.1 writes a subset's `loca` table
 * in the short format, which halves every offset: a TrueType font with any odd-length glyph record
 * comes out with glyphs silently missing (foliojs/fontkit#191, never merged into the fork), and its
 * CFF subsets can be unreadable. Such fonts are embedded whole (bigger, but right); DejaVu Sans has
 * only even-length records, so it is subset (about 30 KB a font instead of 400 KB).
 */
function fontFacts(path: string, bytes: Uint8Array): { postscriptName: string; subsetIsSafe: boolean } {
  let facts = factsByPath.get(path);
  if (!facts) {
    // `loca` is not in @pdf-lib/fontkit's type declarations, but every TrueType font has one.
    const font = cachingFontkit.create(bytes) as unknown as {
      postscriptName: string;
      loca?: { offsets?: number[] };
    };
    const offsets = font.loca?.offsets;
    facts = {
      postscriptName: font.postscriptName.replace(/[^A-Za-z0-9-]/g, ""),
      subsetIsSafe:
        Array.isArray(offsets) &&
        offsets.every((offset, i) => i === 0 || (offset - (offsets[i - 1] ?? 0)) % 2 === 0),
    };
    factsByPath.set(path, facts);
  }
  return facts;
}

/** Twelve capital letters drawn from the letter's content: two subset tags, one per font. */
function subsetTag(letter: RenderedLetter): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([letter.subject, letter.body, letter.closing, letter.heading]))
    .digest();
  return Array.from(digest.subarray(0, 12), (byte) => String.fromCharCode(65 + (byte % 26))).join("");
}
