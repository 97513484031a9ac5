import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ICON_FONT_FAMILY, ICON_FONT_PATH } from "./icon-font.ts";

const require = createRequire(import.meta.url);
const GCDS_CSS = join(
  dirname(require.resolve("@cdssnc/gcds-components/package.json")),
  "dist",
  "gcds",
  "gcds.css",
);

/** Where pages load the design system's stylesheet from. */
export const GCDS_STYLESHEET_PATH = "/assets/gcds-offline.css";

let cached: string | undefined;

/**
 * The GC Design System stylesheet with every rule that would fetch from another origin removed: the
 * package loads its icon font from a CDN, and an office network may have no internet (nor should a
 * page tell a third party that a case file was opened). The icon font is replaced by Dossier's own,
 * served from this site (see icon-font.ts).
 */
export function offlineGcdsStylesheet(): string {
  if (cached === undefined) {
    const css = readFileSync(GCDS_CSS, "utf8");
    const localIcons = `@font-face{font-display:block;font-family:${ICON_FONT_FAMILY};font-style:normal;font-weight:400;src:url(${ICON_FONT_PATH}) format("truetype")}`;
    cached = css
      .replace(/@font-face\s*\{[^}]*url\(\s*["']?https?:[^}]*\}/g, "")
      .replace(/@import\s+(?:url\()?\s*["']?https?:[^;]*;/g, "")
      .replace(/url\(\s*["']?https?:[^)]*\)/g, "none")
      .concat(localIcons);
  }
  return cached;
}
