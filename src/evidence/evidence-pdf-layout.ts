/**
 * A small flowing layout for the evidence PDF: headings, paragraphs, label/value fields and tables
 * that wrap and break across Letter pages, with a footer numbering every page.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import fontkit from "@pdf-lib/fontkit";
import { PageSizes, PDFDocument, type PDFFont, type PDFPage, type RGB, rgb, StandardFonts } from "pdf-lib";
import { printableText } from "../letters/printable-text.ts";
import { wrapText } from "../letters/wrap-text.ts";

export interface EvidenceFontFiles {
  regular: string;
  bold: string;
  mono: string;
}

/**
 * Debian's fonts-dejavu-core: every Latin letter a client's name may hold (French accents,
 * Vietnamese ễ, Polish ł), which the PDF standard fonts (WinAnsi only) lack; the mono face shows
 * hashes and Message-IDs with every character distinct.
 */
export const DEJAVU: EvidenceFontFiles = {
  regular: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  bold: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  mono: "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
};

export type FontName = "regular" | "bold" | "mono";

// Points (1/72 in) on Letter paper, the size Canadian offices and courts print on.
const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.Letter;
const MARGIN = 54;
const TOP = PAGE_HEIGHT - MARGIN;
const BOTTOM = MARGIN + 22;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;

export const INK = rgb(0, 0, 0);
export const GREY = rgb(0.38, 0.38, 0.38);
export const RED = rgb(0.6, 0, 0);
const RULE = rgb(0.75, 0.75, 0.75);

export interface TextStyle {
  font?: FontName;
  size?: number;
  color?: RGB;
  indent?: number;
  /** Space after the block, in points. */
  after?: number;
}

export class PdfFlow {
  readonly doc: PDFDocument;
  private readonly fonts: Record<FontName, PDFFont>;
  private readonly charsets: Record<FontName, Set<number>>;
  private readonly advances: Record<FontName, Map<string, number>> = {
    regular: new Map(),
    bold: new Map(),
    mono: new Map(),
  };
  private page!: PDFPage;
  private y = TOP;

  private constructor(doc: PDFDocument, fonts: Record<FontName, PDFFont>) {
    this.doc = doc;
    this.fonts = fonts;
    this.charsets = {
      regular: new Set(fonts.regular.getCharacterSet()),
      bold: new Set(fonts.bold.getCharacterSet()),
      mono: new Set(fonts.mono.getCharacterSet()),
    };
    this.newPage();
  }

  /** DejaVu when installed (or the files given), else the standard PDF fonts. */
  static async create(files: EvidenceFontFiles | null = DEJAVU): Promise<PdfFlow> {
    const doc = await PDFDocument.create();
    if (files && Object.values(files).every((path) => existsSync(path))) {
      doc.registerFontkit(fontkit);
      const embed = async (path: string) => doc.embedFont(await readFile(path), { subset: true });
      return new PdfFlow(doc, {
        regular: await embed(files.regular),
        bold: await embed(files.bold),
        mono: await embed(files.mono),
      });
    }
    return new PdfFlow(doc, {
      regular: await doc.embedFont(StandardFonts.Helvetica),
      bold: await doc.embedFont(StandardFonts.HelveticaBold),
      mono: await doc.embedFont(StandardFonts.Courier),
    });
  }

  private newPage(): void {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = TOP;
  }

  /** Starts a new page unless `height` points still fit on this one (a label stays with what it labels). */
  room(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  /**
   * Text the font can draw (the letters' rule: "ễ" keeps the accents the font has, Chinese with
   * DejaVu becomes "?"), without control characters, which no font draws.
   */
  private printable(text: string, font: FontName): string {
    const charset = this.charsets[font];
    const visible = text.replace(/\t/g, "    ").replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
    return printableText(visible, (code) => charset.has(code)).text;
  }

  /**
   * Widths are summed from each character's advance, measured once per font: laying out the whole
   * text with fontkit for every candidate line made long files' PDFs take seconds. The PDF draws
   * each glyph at its advance (no kerning), so the sum is the drawn width, or more where a
   * ligature joins two letters: a line may then wrap a little early rather than overflow.
   */
  private width(text: string, font: FontName, size: number): number {
    const advances = this.advances[font];
    let total = 0;
    for (const character of text) {
      let advance = advances.get(character);
      if (advance === undefined) {
        advance = this.fonts[font].widthOfTextAtSize(character, 1000);
        advances.set(character, advance);
      }
      total += advance;
    }
    return (total * size) / 1000;
  }

  /** Lines no wider than `maxWidth`: each line of the text is wrapped as a letter's lines are. */
  wrap(text: string, font: FontName, size: number, maxWidth: number): string[] {
    return text
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .flatMap((line) => wrapText(this.printable(line, font), maxWidth, (t) => this.width(t, font, size)));
  }

  private leading(size: number): number {
    return size * 1.32;
  }

  paragraph(text: string, style: TextStyle = {}): void {
    const font = style.font ?? "regular";
    const size = style.size ?? 9.5;
    const indent = style.indent ?? 0;
    const lineHeight = this.leading(size);
    for (const line of this.wrap(text, font, size, CONTENT_WIDTH - indent)) {
      this.room(lineHeight);
      this.y -= lineHeight;
      if (line !== "")
        this.page.drawText(line, {
          x: MARGIN + indent,
          y: this.y + (lineHeight - size) / 2,
          size,
          font: this.fonts[font],
          color: style.color ?? INK,
        });
    }
    this.y -= style.after ?? 4;
  }

  /** A section heading: the application's language first, the other official language after it, in grey. */
  heading(primary: string, secondary?: string): void {
    this.room(46);
    this.y -= 10;
    const size = 12;
    const lineHeight = this.leading(size);
    this.y -= lineHeight;
    const text = this.printable(primary, "bold");
    this.page.drawText(text, { x: MARGIN, y: this.y + 3, size, font: this.fonts.bold, color: INK });
    if (secondary) {
      const x = MARGIN + this.width(text, "bold", size);
      const rest = this.printable(` / ${secondary}`, "regular");
      if (x + this.width(rest, "regular", size - 1) <= MARGIN + CONTENT_WIDTH) {
        this.page.drawText(rest, { x, y: this.y + 3, size: size - 1, font: this.fonts.regular, color: GREY });
      } else {
        this.y -= lineHeight - 2;
        this.page.drawText(this.printable(secondary, "regular"), {
          x: MARGIN,
          y: this.y + 3,
          size: size - 1,
          font: this.fonts.regular,
          color: GREY,
        });
      }
    }
    this.y -= 3;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: MARGIN + CONTENT_WIDTH, y: this.y },
      thickness: 0.6,
      color: RULE,
    });
    this.y -= 6;
  }

  /** Label / value rows; the value wraps in its column, in `mono` when exact characters matter. */
  fields(rows: { label: string; value: string; font?: FontName; color?: RGB }[], labelWidth = 150): void {
    const size = 9;
    const lineHeight = this.leading(size);
    for (const row of rows) {
      const labelLines = this.wrap(row.label, "bold", size - 0.5, labelWidth - 8);
      const valueFont = row.font ?? "regular";
      const valueLines = this.wrap(row.value, valueFont, size, CONTENT_WIDTH - labelWidth);
      const count = Math.max(labelLines.length, valueLines.length);
      // A short row stays whole on one page; a long value flows on.
      if (count <= 6) this.room(count * lineHeight);
      for (let i = 0; i < count; i++) {
        this.room(lineHeight);
        this.y -= lineHeight;
        const baseline = this.y + (lineHeight - size) / 2;
        const label = labelLines[i];
        if (label)
          this.page.drawText(label, {
            x: MARGIN,
            y: baseline,
            size: size - 0.5,
            font: this.fonts.bold,
            color: GREY,
          });
        const value = valueLines[i];
        if (value)
          this.page.drawText(value, {
            x: MARGIN + labelWidth,
            y: baseline,
            size,
            font: this.fonts[valueFont],
            color: row.color ?? INK,
          });
      }
      this.y -= 2;
    }
    this.y -= 4;
  }

  /** A table with a bold header row, repeated on each page it runs onto. */
  table(
    columns: { title: string; width: number; font?: FontName }[],
    rows: { cells: string[]; bold?: boolean }[],
  ): void {
    const size = 8.5;
    const lineHeight = this.leading(size);
    const total = columns.reduce((sum, c) => sum + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * CONTENT_WIDTH);
    const drawRow = (cells: string[], header: boolean, bold: boolean) => {
      const wrapped = cells.map((cell, i) =>
        this.wrap(cell, header || bold ? "bold" : (columns[i]!.font ?? "regular"), size, widths[i]! - 6),
      );
      const height = Math.max(...wrapped.map((w) => w.length)) * lineHeight + 4;
      return { wrapped, height, header, bold };
    };
    const header = drawRow(
      columns.map((c) => c.title),
      true,
      false,
    );
    const paint = (row: ReturnType<typeof drawRow>) => {
      let x = MARGIN;
      const top = this.y;
      row.wrapped.forEach((lines, i) => {
        lines.forEach((line, n) => {
          if (line === "") return;
          const font: FontName = row.header || row.bold ? "bold" : (columns[i]!.font ?? "regular");
          this.page.drawText(line, {
            x: x + 3,
            y: top - (n + 1) * lineHeight + (lineHeight - size) / 2,
            size,
            font: this.fonts[font],
            color: row.header ? GREY : INK,
          });
        });
        x += widths[i]!;
      });
      this.y -= row.height;
      this.page.drawLine({
        start: { x: MARGIN, y: this.y + 1 },
        end: { x: MARGIN + CONTENT_WIDTH, y: this.y + 1 },
        thickness: row.header ? 0.8 : 0.3,
        color: RULE,
      });
    };
    this.room(header.height + lineHeight * 2);
    paint(header);
    for (const cells of rows) {
      const row = drawRow(cells.cells, false, cells.bold ?? false);
      if (this.y - row.height < BOTTOM) {
        this.newPage();
        paint(header);
      }
      paint(row);
    }
    this.y -= 8;
  }

  /** Writes the footer on every page and returns the PDF's bytes. */
  async finish(
    footer: (page: number, pages: number) => { left: string; right: string },
  ): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((page, index) => {
      const { left, right } = footer(index + 1, pages.length);
      const size = 7.5;
      const y = MARGIN - 8;
      page.drawLine({
        start: { x: MARGIN, y: y + 12 },
        end: { x: MARGIN + CONTENT_WIDTH, y: y + 12 },
        thickness: 0.4,
        color: RULE,
      });
      page.drawText(this.printable(left, "regular"), {
        x: MARGIN,
        y,
        size,
        font: this.fonts.regular,
        color: GREY,
      });
      const text = this.printable(right, "regular");
      page.drawText(text, {
        x: MARGIN + CONTENT_WIDTH - this.width(text, "regular", size),
        y,
        size,
        font: this.fonts.regular,
        color: GREY,
      });
    });
    return this.doc.save();
  }
}
