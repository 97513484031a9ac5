/**
 * A small TrueType font with the GC Design System's icons, drawn here from simple shapes, so that
 * icons (notices, details, links) show without fetching the design system's icon font from its CDN.
 * The code points are those the components' styles use (`.gcds-icon-info-circle:before { content:
 * "\e90a" }`); the outlines are Dossier's own, close enough in meaning.
 */

/** A point of a contour in a 1×1 box, y up; `on` is false for a quadratic control point. */
type Point = { x: number; y: number; on: boolean };
type Contour = Point[];

export const ICON_FONT_PATH = "/assets/gcds-icons.ttf";
export const ICON_FONT_FAMILY = "gcds-icons";

const EM = 1000;
const ASCENT = 850;
const DESCENT = 150;
// The 1×1 drawing box maps to x 50…950, y -100…800: square, centred on the text's line.
const toFont = (p: Point) => ({ x: Math.round(50 + 900 * p.x), y: Math.round(-100 + 900 * p.y), on: p.on });

function area(contour: Contour): number {
  const points = contour.filter((p) => p.on);
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    sum += a.x * b.y - b.x * a.y;
  }
  return sum / 2;
}

// TrueType fills with the non-zero rule: filled shapes run clockwise, holes counter-clockwise.
function orient(contour: Contour, hole: boolean): Contour {
  const clockwise = area(contour) < 0;
  return clockwise === !hole ? contour : [...contour].reverse();
}

const on = (x: number, y: number): Point => ({ x, y, on: true });

function polygon(points: [number, number][], hole = false): Contour {
  return orient(
    points.map(([x, y]) => on(x, y)),
    hole,
  );
}

function rect(x0: number, y0: number, x1: number, y1: number, hole = false): Contour {
  return polygon(
    [
      [x0, y0],
      [x0, y1],
      [x1, y1],
      [x1, y0],
    ],
    hole,
  );
}

/** A bar of width `w` from one point to another. */
function stroke(x0: number, y0: number, x1: number, y1: number, w: number, hole = false): Contour {
  const length = Math.hypot(x1 - x0, y1 - y0);
  const nx = (-(y1 - y0) / length) * (w / 2);
  const ny = ((x1 - x0) / length) * (w / 2);
  return polygon(
    [
      [x0 + nx, y0 + ny],
      [x1 + nx, y1 + ny],
      [x1 - nx, y1 - ny],
      [x0 - nx, y0 - ny],
    ],
    hole,
  );
}

/** A circle from eight quadratic arcs (each control point on the tangents' crossing). */
function circle(cx: number, cy: number, r: number, hole = false): Contour {
  const points: Point[] = [];
  const control = r / Math.cos(Math.PI / 8);
  for (let i = 0; i < 8; i++) {
    const a = (i * Math.PI) / 4;
    points.push(on(cx + r * Math.cos(a), cy + r * Math.sin(a)));
    const b = a + Math.PI / 8;
    points.push({ x: cx + control * Math.cos(b), y: cy + control * Math.sin(b), on: false });
  }
  return orient(points, hole);
}

function rotate(contour: Contour, quarterTurns: number): Contour {
  const turn = (p: Point): Point => {
    let { x, y } = p;
    for (let i = 0; i < quarterTurns; i++) [x, y] = [1 - y, x];
    return { x, y, on: p.on };
  };
  return contour.map(turn);
}

const chevronDown = polygon([
  [0.15, 0.62],
  [0.5, 0.27],
  [0.85, 0.62],
  [0.76, 0.71],
  [0.5, 0.45],
  [0.24, 0.71],
]);

/** Glyphs in code point order, from U+E900. */
const GLYPHS: { name: string; contours: Contour[] }[] = [
  { name: "chevron-down", contours: [chevronDown] },
  { name: "chevron-left", contours: [rotate(chevronDown, 3)] },
  { name: "chevron-right", contours: [rotate(chevronDown, 1)] },
  { name: "chevron-up", contours: [rotate(chevronDown, 2)] },
  {
    name: "external",
    contours: [
      rect(0.08, 0.08, 0.72, 0.72),
      rect(0.18, 0.18, 0.62, 0.62, true),
      stroke(0.42, 0.42, 0.8, 0.8, 0.11),
      polygon([
        [0.94, 0.94],
        [0.58, 0.94],
        [0.94, 0.58],
      ]),
    ],
  },
  {
    name: "email",
    contours: [
      rect(0.06, 0.18, 0.94, 0.82),
      rect(0.14, 0.26, 0.86, 0.74, true),
      stroke(0.12, 0.78, 0.5, 0.48, 0.08),
      stroke(0.5, 0.48, 0.88, 0.78, 0.08),
    ],
  },
  {
    name: "download",
    contours: [
      rect(0.44, 0.42, 0.56, 0.94),
      polygon([
        [0.2, 0.5],
        [0.8, 0.5],
        [0.5, 0.18],
      ]),
      rect(0.12, 0.02, 0.88, 0.1),
    ],
  },
  {
    name: "search",
    contours: [
      circle(0.42, 0.58, 0.33),
      circle(0.42, 0.58, 0.22, true),
      stroke(0.63, 0.37, 0.92, 0.08, 0.13),
    ],
  },
  {
    name: "checkmark-circle",
    contours: [
      circle(0.5, 0.5, 0.47),
      polygon(
        [
          [0.24, 0.52],
          [0.33, 0.61],
          [0.44, 0.5],
          [0.68, 0.74],
          [0.77, 0.65],
          [0.44, 0.32],
        ],
        true,
      ),
    ],
  },
  {
    name: "exclamation-circle",
    contours: [circle(0.5, 0.5, 0.47), rect(0.44, 0.4, 0.56, 0.8, true), rect(0.44, 0.2, 0.56, 0.31, true)],
  },
  {
    name: "info-circle",
    contours: [circle(0.5, 0.5, 0.47), rect(0.44, 0.69, 0.56, 0.8, true), rect(0.44, 0.2, 0.56, 0.6, true)],
  },
  { name: "close", contours: [stroke(0.18, 0.18, 0.82, 0.82, 0.13), stroke(0.18, 0.82, 0.82, 0.18, 0.13)] },
  {
    name: "phone",
    contours: [
      rect(0.28, 0.04, 0.72, 0.96),
      rect(0.35, 0.22, 0.65, 0.86, true),
      rect(0.45, 0.09, 0.55, 0.16, true),
    ],
  },
  {
    name: "warning-triangle",
    contours: [
      polygon([
        [0.5, 0.96],
        [0.02, 0.06],
        [0.98, 0.06],
      ]),
      rect(0.45, 0.36, 0.55, 0.7, true),
      rect(0.45, 0.16, 0.55, 0.27, true),
    ],
  },
];

const FIRST_CODE_POINT = 0xe900;

class Writer {
  private bytes: number[] = [];
  u8(v: number) {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number) {
    return this.u8(v >> 8).u8(v);
  }
  i16(v: number) {
    return this.u16(v < 0 ? v + 0x10000 : v);
  }
  u32(v: number) {
    return this.u16(Math.floor(v / 0x10000) & 0xffff).u16(v & 0xffff);
  }
  tag(s: string) {
    for (const ch of s) this.u8(ch.charCodeAt(0));
    return this;
  }
  raw(b: Uint8Array) {
    for (const v of b) this.bytes.push(v);
    return this;
  }
  pad4() {
    while (this.bytes.length % 4 !== 0) this.bytes.push(0);
    return this;
  }
  get length() {
    return this.bytes.length;
  }
  done(): Uint8Array<ArrayBuffer> {
    return Uint8Array.from(this.bytes);
  }
}

interface Box {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

function glyphData(contours: Contour[]): { data: Uint8Array<ArrayBuffer>; box: Box; points: number } {
  const scaled = contours.map((c) => c.map(toFont));
  const all = scaled.flat();
  const box = {
    xMin: Math.min(...all.map((p) => p.x)),
    yMin: Math.min(...all.map((p) => p.y)),
    xMax: Math.max(...all.map((p) => p.x)),
    yMax: Math.max(...all.map((p) => p.y)),
  };
  const w = new Writer().i16(scaled.length).i16(box.xMin).i16(box.yMin).i16(box.xMax).i16(box.yMax);
  let end = -1;
  for (const c of scaled) {
    end += c.length;
    w.u16(end);
  }
  w.u16(0); // no hinting instructions
  for (const p of all) w.u8(p.on ? 1 : 0);
  let x = 0;
  for (const p of all) {
    w.i16(p.x - x);
    x = p.x;
  }
  let y = 0;
  for (const p of all) {
    w.i16(p.y - y);
    y = p.y;
  }
  return { data: w.pad4().done(), box, points: all.length };
}

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 4) {
    const word =
      ((bytes[i] ?? 0) << 24) |
      ((bytes[i + 1] ?? 0) << 16) |
      ((bytes[i + 2] ?? 0) << 8) |
      (bytes[i + 3] ?? 0);
    sum = (sum + (word >>> 0)) >>> 0;
  }
  return sum;
}

function utf16be(s: string): Uint8Array<ArrayBuffer> {
  const w = new Writer();
  for (const ch of s) w.u16(ch.charCodeAt(0));
  return w.done();
}

function buildFont(): Uint8Array<ArrayBuffer> {
  const glyphs = [
    { data: new Uint8Array(0), box: { xMin: 0, yMin: 0, xMax: 0, yMax: 0 }, points: 0, contours: 0 },
  ];
  for (const g of GLYPHS) glyphs.push({ ...glyphData(g.contours), contours: g.contours.length });
  const numGlyphs = glyphs.length;
  const drawn = glyphs.slice(1);
  const fontBox = {
    xMin: Math.min(...drawn.map((g) => g.box.xMin)),
    yMin: Math.min(...drawn.map((g) => g.box.yMin)),
    xMax: Math.max(...drawn.map((g) => g.box.xMax)),
    yMax: Math.max(...drawn.map((g) => g.box.yMax)),
  };

  const glyf = new Writer();
  const loca = new Writer();
  for (const g of glyphs) {
    loca.u32(glyf.length);
    glyf.raw(g.data);
  }
  loca.u32(glyf.length);

  const head = new Writer()
    .u32(0x00010000)
    .u32(0x00010000)
    .u32(0) // checkSumAdjustment, set once the whole font is known
    .u32(0x5f0f3cf5)
    .u16(0x000b)
    .u16(EM)
    .u32(0)
    .u32(0)
    .u32(0)
    .u32(0)
    .i16(fontBox.xMin)
    .i16(fontBox.yMin)
    .i16(fontBox.xMax)
    .i16(fontBox.yMax)
    .u16(0)
    .u16(8)
    .i16(2)
    .i16(1) // long offsets in loca
    .i16(0);

  const hhea = new Writer()
    .u32(0x00010000)
    .i16(ASCENT)
    .i16(-DESCENT)
    .i16(0)
    .u16(EM)
    .i16(Math.min(...drawn.map((g) => g.box.xMin)))
    .i16(Math.min(...drawn.map((g) => EM - g.box.xMax)))
    .i16(fontBox.xMax)
    .i16(1)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .u16(numGlyphs);

  const hmtx = new Writer();
  for (const g of glyphs) hmtx.u16(EM).i16(g.box.xMin);

  const maxp = new Writer()
    .u32(0x00010000)
    .u16(numGlyphs)
    .u16(Math.max(...glyphs.map((g) => g.points)))
    .u16(Math.max(...glyphs.map((g) => g.contours)))
    .u16(0)
    .u16(0)
    .u16(2)
    .u16(0)
    .u16(0)
    .u16(0)
    .u16(0)
    .u16(0)
    .u16(0)
    .u16(0)
    .u16(0);

  const lastCodePoint = FIRST_CODE_POINT + GLYPHS.length - 1;
  const cmap = new Writer().u16(0).u16(1).u16(3).u16(1).u32(12);
  // Format 4, two segments: the icons, and the 0xFFFF segment every format 4 table ends with.
  cmap
    .u16(4)
    .u16(32)
    .u16(0)
    .u16(4)
    .u16(4)
    .u16(1)
    .u16(0)
    .u16(lastCodePoint)
    .u16(0xffff)
    .u16(0)
    .u16(FIRST_CODE_POINT)
    .u16(0xffff)
    .u16((1 - FIRST_CODE_POINT + 0x10000) & 0xffff)
    .u16(1)
    .u16(0)
    .u16(0);

  const names: [number, string][] = [
    [1, "Dossier Icons"],
    [2, "Regular"],
    [3, "Dossier Icons Regular 1.0"],
    [4, "Dossier Icons Regular"],
    [5, "Version 1.0"],
    [6, "DossierIcons-Regular"],
  ];
  const strings = names.map(([, s]) => utf16be(s));
  const name = new Writer()
    .u16(0)
    .u16(names.length)
    .u16(6 + 12 * names.length);
  let offset = 0;
  names.forEach(([id], i) => {
    name.u16(3).u16(1).u16(0x0409).u16(id).u16(strings[i]!.length).u16(offset);
    offset += strings[i]!.length;
  });
  for (const s of strings) name.raw(s);

  const os2 = new Writer()
    .u16(4)
    .i16(EM)
    .u16(400)
    .u16(5)
    .u16(0)
    .i16(650)
    .i16(600)
    .i16(0)
    .i16(75)
    .i16(650)
    .i16(600)
    .i16(0)
    .i16(350)
    .i16(50)
    .i16(300)
    .i16(0);
  for (let i = 0; i < 10; i++) os2.u8(0);
  // ulUnicodeRange2 bit 28 (bit 60 overall): Private Use Area.
  os2
    .u32(0)
    .u32(1 << 28)
    .u32(0)
    .u32(0)
    .tag("NONE")
    .u16(0x0040)
    .u16(FIRST_CODE_POINT)
    .u16(lastCodePoint)
    .i16(ASCENT)
    .i16(-DESCENT)
    .i16(0)
    .u16(ASCENT)
    .u16(DESCENT)
    .u32(1)
    .u32(0)
    .i16(500)
    .i16(700)
    .u16(0)
    .u16(32)
    .u16(0);

  const post = new Writer().u32(0x00030000).u32(0).i16(-75).i16(50).u32(0).u32(0).u32(0).u32(0).u32(0);

  const tables: [string, Uint8Array][] = [
    ["OS/2", os2.done()],
    ["cmap", cmap.done()],
    ["glyf", glyf.done()],
    ["head", head.done()],
    ["hhea", hhea.done()],
    ["hmtx", hmtx.done()],
    ["loca", loca.done()],
    ["maxp", maxp.done()],
    ["name", name.done()],
    ["post", post.done()],
  ];
  const count = tables.length;
  const power = 2 ** Math.floor(Math.log2(count));
  const font = new Writer()
    .u32(0x00010000)
    .u16(count)
    .u16(power * 16)
    .u16(Math.log2(power))
    .u16(count * 16 - power * 16);
  let at = 12 + 16 * count;
  const placed = tables.map(([tag, data]) => {
    const record = { tag, data, offset: at };
    at += Math.ceil(data.length / 4) * 4;
    return record;
  });
  for (const { tag, data, offset: tableOffset } of placed) {
    font.tag(tag).u32(checksum(data)).u32(tableOffset).u32(data.length);
  }
  for (const { data } of placed) font.raw(data).pad4();
  const bytes = font.done();
  const headOffset = placed.find((t) => t.tag === "head")!.offset;
  const adjustment = (0xb1b0afba - checksum(bytes) + 0x100000000) % 0x100000000;
  new DataView(bytes.buffer).setUint32(headOffset + 8, adjustment);
  return bytes;
}

let cached: Uint8Array<ArrayBuffer> | undefined;

export function iconFont(): Uint8Array<ArrayBuffer> {
  cached ??= buildFont();
  return cached;
}
