/**
 * Draws the rich menu images: assets/richmenu/{citizen,staff,executive}.png.
 *
 *   apt-get install -y fonts-thai-tlwg      # the Thai font (Waree Bold); or set RICHMENU_FONT=/path/to/font.ttf
 *   npx tsx scripts/richmenu-images.ts
 *
 * Run by hand after changing the menus in src/line/rich-menus.ts, look at the three PNGs, commit them, then
 * `npm run richmenu` puts them on the channel. Neither CI nor `npm install` runs it.
 *
 * Each menu is drawn from its own definition (size, areas, the keyword of each area), so a tile always sits
 * exactly where its tap area is: a white tile with a round icon and the keyword below it, on a calm blue-grey
 * ground, one accent colour per kind of user. The SVG is rendered with resvg (devDependency `@resvg/resvg-js`),
 * which shapes Thai text properly (vowel and tone marks above and below their consonant).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";
import {
  RICH_MENU_KINDS,
  RICH_MENU_MAX_IMAGE_BYTES,
  type RichMenuKind,
  richMenuRequest,
} from "../src/line/rich-menus";

const FONT = process.env.RICHMENU_FONT ?? "/usr/share/fonts/truetype/tlwg/Waree-Bold.ttf";
const FONT_FAMILY = process.env.RICHMENU_FONT_FAMILY ?? "Waree";
const OUT_DIR = join(import.meta.dirname, "..", "assets", "richmenu");

const GROUND = "#E8EEF4";
const TILE = "#FFFFFF";
const TILE_EDGE = "#C9D5E2";
const LABEL = "#1C2B3A";
const GAP = 16;
const RADIUS = 40;
const LABEL_SIZE = 96;
const LABEL_MARGIN = 36;

/** Accent (icon strokes, the tile's top rule) and the soft disc behind the icon, per kind of user. */
const PALETTE: Record<RichMenuKind, { accent: string; disc: string }> = {
  citizen: { accent: "#0F6E66", disc: "#D5EFEB" },
  staff: { accent: "#1F4F86", disc: "#DAE6F4" },
  executive: { accent: "#4A4A8C", disc: "#E1E1F2" },
};

/** Icons on a 240×240 grid centred on (0,0), drawn with the accent colour as a 16 px round stroke. */
const ICONS: Record<string, string> = {
  // A speech bubble with an exclamation mark.
  ร้องเรียน: `<path d="M-100 -80 Q-100 -100 -80 -100 H80 Q100 -100 100 -80 V30 Q100 50 80 50 H-10 L-60 95 V50 H-80 Q-100 50 -100 30 Z"/>
    <line x1="0" y1="-65" x2="0" y2="-5"/><circle cx="0" cy="22" r="4" fill="currentColor"/>`,
  // A document under a magnifying glass.
  ติดตามเรื่อง: `<path d="M-90 -105 H20 L60 -65 V-10"/><path d="M-90 -105 V100 H-15"/>
    <line x1="-60" y1="-55" x2="10" y2="-55"/><line x1="-60" y1="-15" x2="-10" y2="-15"/>
    <circle cx="45" cy="50" r="45"/><line x1="78" y1="83" x2="110" y2="115"/>`,
  // A star.
  ประเมิน: `<path d="M0 -105 L30 -38 L103 -32 L48 16 L64 88 L0 50 L-64 88 L-48 16 L-103 -32 L-30 -38 Z"/>`,
  // Four squares: everything on offer.
  เมนู: `<rect x="-100" y="-100" width="85" height="85" rx="18"/><rect x="15" y="-100" width="85" height="85" rx="18"/>
    <rect x="-100" y="15" width="85" height="85" rx="18"/><rect x="15" y="15" width="85" height="85" rx="18"/>`,
  // A clipboard with ticked lines.
  มาตรการ: `<rect x="-85" y="-90" width="170" height="200" rx="18"/><rect x="-40" y="-110" width="80" height="40" rx="12"/>
    <path d="M-55 -20 L-40 -5 L-15 -35"/><line x1="5" y1="-20" x2="55" y2="-20"/>
    <path d="M-55 50 L-40 65 L-15 35"/><line x1="5" y1="50" x2="55" y2="50"/>`,
  // An in-tray with a letter coming in.
  งานร้องเรียน: `<path d="M-105 35 L-75 -15 H75 L105 35 V105 H-105 Z"/><path d="M-105 35 H-45 L-30 65 H30 L45 35 H105"/>
    <line x1="0" y1="-115" x2="0" y2="-45"/><path d="M-30 -75 L0 -45 L30 -75"/>`,
  // A bar chart.
  ภาพรวม: `<line x1="-110" y1="105" x2="110" y2="105"/><rect x="-85" y="15" width="40" height="65" rx="8"/>
    <rect x="-20" y="-40" width="40" height="120" rx="8"/><rect x="45" y="-100" width="40" height="180" rx="8"/>`,
  // A report with a folded corner and a small pie.
  รายงาน: `<path d="M-80 -110 H35 L80 -65 V110 H-80 Z"/><path d="M35 -110 V-65 H80"/>
    <line x1="-50" y1="-60" x2="5" y2="-60"/><line x1="-50" y1="65" x2="50" y2="65"/>
    <circle cx="0" cy="5" r="35"/><path d="M0 5 V-30 M0 5 H35"/>`,
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderOptions(): ResvgRenderOptions {
  return {
    font: { fontFiles: [FONT], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: "original" },
    shapeRendering: 2,
    textRendering: 1,
  };
}

/** The drawn width of a label at a font size, to shrink a label that would not fit its tile. */
function labelWidth(label: string, size: number): number {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="400">
    <text x="10" y="300" font-family="${FONT_FAMILY}" font-weight="bold" font-size="${size}">${escapeXml(label)}</text></svg>`;
  return new Resvg(svg, renderOptions()).getBBox()?.width ?? 0;
}

function menuSvg(kind: RichMenuKind): string {
  const menu = richMenuRequest(kind);
  const { accent, disc } = PALETTE[kind];
  const tiles = menu.areas.map((area) => {
    const label = area.action.text;
    const icon = ICONS[label];
    if (!icon) throw new Error(`no icon for the keyword "${label}"`);
    const { x, y, width, height } = area.bounds;
    const tile = { x: x + GAP, y: y + GAP, width: width - 2 * GAP, height: height - 2 * GAP };
    const cx = tile.x + tile.width / 2;
    const iconCy = tile.y + tile.height * 0.4;
    const maxLabel = tile.width - 2 * LABEL_MARGIN;
    const measured = labelWidth(label, LABEL_SIZE);
    const size = measured > maxLabel ? Math.floor((LABEL_SIZE * maxLabel) / measured) : LABEL_SIZE;
    return `
  <g>
    <rect x="${tile.x}" y="${tile.y}" width="${tile.width}" height="${tile.height}" rx="${RADIUS}"
      fill="${TILE}" stroke="${TILE_EDGE}" stroke-width="3"/>
    <rect x="${tile.x + RADIUS}" y="${tile.y + 24}" width="${tile.width - 2 * RADIUS}" height="12" rx="6" fill="${accent}"/>
    <circle cx="${cx}" cy="${iconCy}" r="185" fill="${disc}"/>
    <g transform="translate(${cx} ${iconCy})" fill="none" stroke="${accent}" color="${accent}" stroke-width="16"
      stroke-linecap="round" stroke-linejoin="round">${icon}</g>
    <text x="${cx}" y="${tile.y + tile.height * 0.86}" text-anchor="middle" font-family="${FONT_FAMILY}"
      font-weight="bold" font-size="${size}" fill="${LABEL}">${escapeXml(label)}</text>
  </g>`;
  });
  const { width, height } = menu.size;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
  <rect width="${width}" height="${height}" fill="${GROUND}"/>${tiles.join("")}
</svg>`;
}

function main(): void {
  if (!existsSync(FONT)) {
    console.error(
      `richmenu-images: font ${FONT} not found (apt-get install -y fonts-thai-tlwg, or set RICHMENU_FONT)`,
    );
    process.exit(1);
  }
  mkdirSync(OUT_DIR, { recursive: true });
  for (const kind of RICH_MENU_KINDS) {
    const { size } = richMenuRequest(kind);
    const image = new Resvg(menuSvg(kind), renderOptions()).render();
    if (image.width !== size.width || image.height !== size.height) {
      throw new Error(
        `${kind}: rendered ${image.width}x${image.height}, expected ${size.width}x${size.height}`,
      );
    }
    const png = image.asPng();
    if (png.byteLength > RICH_MENU_MAX_IMAGE_BYTES)
      throw new Error(`${kind}: ${png.byteLength} bytes is over 1 MB`);
    const file = join(OUT_DIR, `${kind}.png`);
    writeFileSync(file, png);
    console.log(`${file}: ${image.width}x${image.height}, ${png.byteLength} bytes`);
  }
}

main();
