/**
 * Flex Message → HTML, drawn the way the LINE app draws it: bubble sizes, carousels, the four blocks,
 * box layouts with flex ratios, spacing, margins, paddings and offsets, texts with sizes and line clamps,
 * images with their aspect ratios, icons, buttons in LINE's three styles, separators, fillers, spacers.
 *
 * Pure: JSON in, an HTML string out. Every text and attribute is escaped (user text reaches cards);
 * style values are taken only when they have LINE's shape (a hex colour, a keyword, `12px`, `50%`), so
 * nothing from a message can break out of a `style` attribute. Unknown components and properties are
 * drawn plainly or left out; nothing here throws. Components with an action carry `data-action` (the
 * action's JSON) for the page to make them work. The classes are styled by `FLEX_CSS`.
 */
import type { messagingApi } from "@line/bot-sdk";

type Json = Record<string, unknown>;
type Layout = "vertical" | "horizontal" | "baseline";

/** Where a component sits: its parent box's layout and spacing, and whether it comes first. */
interface Slot {
  layout: Layout;
  spacing: string | undefined;
  first: boolean;
  /** The previous sibling was a spacer: no spacing after it. */
  afterSpacer: boolean;
}

const SPACING: Record<string, number> = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
const RADIUS = SPACING;
const BORDER_WIDTH: Record<string, number> = {
  none: 0,
  light: 0.5,
  normal: 1,
  medium: 2,
  "semi-bold": 3,
  bold: 4,
};
const FONT_SIZE: Record<string, number> = {
  xxs: 11,
  xs: 13,
  sm: 14,
  md: 16,
  lg: 19,
  xl: 22,
  xxl: 29,
  "3xl": 35,
  "4xl": 48,
  "5xl": 74,
};
const IMAGE_SIZE: Record<string, number> = {
  xxs: 40,
  xs: 60,
  sm: 80,
  md: 100,
  lg: 120,
  xl: 140,
  xxl: 160,
  "3xl": 180,
  "4xl": 200,
  "5xl": 220,
};
export const BUBBLE_WIDTH: Record<string, number> = {
  nano: 120,
  micro: 160,
  deca: 220,
  hecto: 241,
  kilo: 260,
  mega: 300,
  giga: 500,
};

/** Default paddings of the header, body and footer boxes, by bubble size (CSS shorthand order). */
const BLOCK_PADDING: Record<
  string,
  { header: string; body: string; bodyWithFooter: string; footer: string }
> = {
  nano: { header: "10px", body: "10px", bodyWithFooter: "10px", footer: "10px" },
  micro: { header: "10px", body: "10px", bodyWithFooter: "10px", footer: "10px" },
  deca: {
    header: "11px 14px 13px",
    body: "11px 14px 13px",
    bodyWithFooter: "11px 14px 13px",
    footer: "10px",
  },
  hecto: {
    header: "11px 14px 13px",
    body: "11px 14px 13px",
    bodyWithFooter: "11px 14px 13px",
    footer: "10px",
  },
  kilo: { header: "13px", body: "13px", bodyWithFooter: "13px", footer: "10px" },
  mega: { header: "20px", body: "19px 20px 20px", bodyWithFooter: "19px 20px 10px", footer: "10px" },
  giga: { header: "20px", body: "19px 20px 20px", bodyWithFooter: "19px 20px 10px", footer: "10px" },
};

const BUTTON = {
  primary: { background: "#17C950", color: "#FFFFFF" },
  secondary: { background: "#DCDFE5", color: "#111111" },
  link: { color: "#42659A" },
} as const;
const SEPARATOR_COLOR = "#D4D6DA";
const TEXT_COLOR = "#111111";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** HTML-escape for text and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** `#RRGGBB` or `#RRGGBBAA`, as LINE takes them; anything else is dropped. */
function color(value: unknown): string | undefined {
  const text = str(value);
  return text && /^#(?:[0-9a-f]{6}|[0-9a-f]{8})$/i.test(text) ? text : undefined;
}

const PIXELS = /^\d+(?:\.\d+)?px$/;
const PERCENT = /^\d+(?:\.\d+)?%$/;
const SIGNED = /^-?\d+(?:\.\d+)?(?:px|%)$/;

/** A length from a keyword table or a literal `Npx` (and `N%` when allowed). */
function length(
  value: unknown,
  keywords: Record<string, number> | undefined,
  allow: { percent?: boolean; negative?: boolean } = {},
): string | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const keyword = keywords?.[text];
  if (keyword !== undefined) return `${keyword}px`;
  if (allow.negative && SIGNED.test(text)) return allow.percent || text.endsWith("px") ? text : undefined;
  if (PIXELS.test(text)) return text;
  if (allow.percent && PERCENT.test(text)) return text;
  return undefined;
}

/** `style="…"` from pairs whose value is defined. Values are already validated; escaped anyway. */
function styleAttr(pairs: Array<[string, string | number | undefined]>): string {
  const css = pairs
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined && pair[1] !== "")
    .map(([name, value]) => `${name}:${value}`)
    .join(";");
  return css ? ` style="${escapeHtml(css)}"` : "";
}

/** `data-action` with the action's JSON, for the page to make the tap work. */
function actionAttrs(action: unknown): string {
  if (!isObject(action) || typeof action.type !== "string") return "";
  return ` data-action="${escapeHtml(JSON.stringify(action))}"`;
}

function tappable(action: unknown): string {
  return isObject(action) && typeof action.type === "string"
    ? `${actionAttrs(action)} role="button" tabindex="0"`
    : "";
}

const horizontal = (layout: Layout) => layout !== "vertical";

/** How a component grows in its parent box (LINE: 1 in horizontal boxes, 0 in vertical ones). */
function flexOf(component: Json, slot: Slot, fallback?: number): string {
  const given = component.flex;
  const grow =
    typeof given === "number" && Number.isFinite(given) && given >= 0
      ? Math.floor(given)
      : (fallback ?? (horizontal(slot.layout) ? 1 : 0));
  if (grow === 0) return "0 0 auto";
  return horizontal(slot.layout) ? `${grow} 0 0` : `${grow} 0 auto`;
}

/** The margin before a component: its own `margin`, else the parent's `spacing` (not before the first). */
function marginBefore(component: Json, slot: Slot, spaced: boolean): Array<[string, string | undefined]> {
  const property = horizontal(slot.layout) ? "margin-inline-start" : "margin-top";
  const own = length(component.margin, SPACING);
  if (own !== undefined) return [[property, own]];
  if (!spaced || slot.first || slot.afterSpacer) return [];
  return [[property, length(slot.spacing, SPACING)]];
}

/** position, offsets (and no margin when absolute). */
function placement(component: Json): Array<[string, string | undefined]> {
  const absolute = component.position === "absolute";
  const offsets: Array<[string, string | undefined]> = [
    ["top", length(component.offsetTop, SPACING, { percent: true, negative: true })],
    ["bottom", length(component.offsetBottom, SPACING, { percent: true, negative: true })],
    ["inset-inline-start", length(component.offsetStart, SPACING, { percent: true, negative: true })],
    ["inset-inline-end", length(component.offsetEnd, SPACING, { percent: true, negative: true })],
  ];
  const any = offsets.some(([, value]) => value !== undefined);
  if (absolute) return [["position", "absolute"], ["margin", "0"], ...offsets];
  return any ? [["position", "relative"], ...offsets] : [];
}

/** The styles every component takes from its place in a box. */
function itemStyles(
  component: Json,
  slot: Slot,
  options: { spaced?: boolean; flex?: string } = {},
): Array<[string, string | undefined]> {
  const absolute = component.position === "absolute";
  return [
    ["flex", options.flex ?? flexOf(component, slot)],
    ...(horizontal(slot.layout) ? ([["min-width", "0"]] as Array<[string, string]>) : []),
    ...(absolute ? [] : marginBefore(component, slot, options.spaced ?? true)),
    ...placement(component),
  ];
}

function gradient(background: unknown): string | undefined {
  if (!isObject(background) || background.type !== "linearGradient") return undefined;
  const angle = str(background.angle);
  const start = color(background.startColor);
  const end = color(background.endColor);
  if (!angle || !/^-?\d+(?:\.\d+)?deg$/.test(angle) || !start || !end) return undefined;
  const center = color(background.centerColor);
  const at = str(background.centerPosition);
  const middle = center ? `,${center} ${at && PERCENT.test(at) ? at : "50%"}` : "";
  return `linear-gradient(${angle},${start} 0%${middle},${end} 100%)`;
}

function renderBox(box: Json, slot: Slot, defaultPadding?: string): string {
  const layout: Layout = box.layout === "horizontal" || box.layout === "baseline" ? box.layout : "vertical";
  const borderWidth = length(box.borderWidth, BORDER_WIDTH);
  const width = length(box.width, undefined, { percent: true });
  const style = styleAttr([
    ...itemStyles(box, slot, boxFlex(box, slot, width)),
    ["flex-direction", layout === "vertical" ? "column" : "row"],
    ["align-items", layout === "baseline" ? "baseline" : alignItems(box.alignItems)],
    ["justify-content", justifyContent(box.justifyContent)],
    ["background-color", color(box.backgroundColor)],
    ["background-image", gradient(box.background)],
    ["border-style", borderWidth ? "solid" : undefined],
    ["border-width", borderWidth],
    ["border-color", borderWidth ? (color(box.borderColor) ?? "#000000") : undefined],
    ["border-radius", length(box.cornerRadius, RADIUS)],
    ["width", width],
    ["max-width", length(box.maxWidth, undefined, { percent: true })],
    ["height", length(box.height, undefined, { percent: true })],
    ["max-height", length(box.maxHeight, undefined, { percent: true })],
    ["padding", length(box.paddingAll, SPACING, { percent: true }) ?? defaultPadding],
    ["padding-top", length(box.paddingTop, SPACING, { percent: true })],
    ["padding-bottom", length(box.paddingBottom, SPACING, { percent: true })],
    ["padding-inline-start", length(box.paddingStart, SPACING, { percent: true })],
    ["padding-inline-end", length(box.paddingEnd, SPACING, { percent: true })],
  ]);
  const spacing = str(box.spacing);
  let afterSpacer = false;
  const children = list(box.contents)
    .map((child, index) => {
      const html = renderComponent(child, { layout, spacing, first: index === 0, afterSpacer });
      afterSpacer = isObject(child) && child.type === "spacer";
      return html;
    })
    .join("");
  return `<div class="fx-box fx-${layout}"${style}${tappable(box.action)}>${children}</div>`;
}

/** A block's root box fills its block; a box with a width keeps it in a horizontal box unless given a flex. */
function boxFlex(box: Json, slot: Slot, width: string | undefined): { flex?: string } {
  if (slot === ROOT) return { flex: "1 0 auto" };
  return width && horizontal(slot.layout) && box.flex === undefined ? { flex: "0 0 auto" } : {};
}

function alignItems(value: unknown): string | undefined {
  return value === "flex-start" || value === "center" || value === "flex-end" ? value : undefined;
}

function justifyContent(value: unknown): string | undefined {
  const allowed = ["flex-start", "center", "flex-end", "space-between", "space-around", "space-evenly"];
  return typeof value === "string" && allowed.includes(value) ? value : undefined;
}

const GRAVITY: Record<string, string> = { top: "flex-start", center: "center", bottom: "flex-end" };
const ALIGN: Record<string, string> = { start: "start", center: "center", end: "end" };

function textDecoration(value: unknown): string | undefined {
  return value === "underline" || value === "line-through" || value === "none" ? value : undefined;
}

function fontStyles(component: Json): Array<[string, string | undefined]> {
  return [
    ["font-size", length(component.size, FONT_SIZE)],
    ["color", color(component.color)],
    ["font-weight", component.weight === "bold" ? "700" : component.weight === "regular" ? "400" : undefined],
    [
      "font-style",
      component.style === "italic" ? "italic" : component.style === "normal" ? "normal" : undefined,
    ],
    ["text-decoration", textDecoration(component.decoration)],
  ];
}

function renderSpan(span: unknown): string {
  if (!isObject(span)) return "";
  return `<span class="fx-span"${styleAttr(fontStyles(span))}>${escapeHtml(str(span.text) ?? "")}</span>`;
}

function renderText(text: Json, slot: Slot): string {
  const wrap = text.wrap === true;
  const maxLines = typeof text.maxLines === "number" && text.maxLines > 0 ? Math.floor(text.maxLines) : 0;
  const clamp = wrap && maxLines > 0;
  const spans = list(text.contents).filter(isObject);
  const lineSpacing = length(text.lineSpacing, undefined);
  const outer = styleAttr([
    ...itemStyles(text, slot),
    ["justify-content", GRAVITY[str(text.gravity) ?? ""]],
    ["font-size", length(text.size, FONT_SIZE) ?? `${FONT_SIZE.md}px`],
  ]);
  const inner = styleAttr([
    ["color", color(text.color) ?? TEXT_COLOR],
    ...fontStyles({ ...text, size: undefined, color: undefined }),
    ["text-align", ALIGN[str(text.align) ?? ""]],
    ["line-height", lineSpacing ? `calc(1.4em + ${lineSpacing})` : undefined],
    ["white-space", wrap ? "pre-wrap" : "nowrap"],
    ["overflow-wrap", wrap ? "anywhere" : undefined],
    ["text-overflow", wrap ? undefined : "ellipsis"],
    ["overflow", "hidden"],
    ...(clamp
      ? ([
          ["display", "-webkit-box"],
          ["-webkit-box-orient", "vertical"],
          ["-webkit-line-clamp", String(maxLines)],
        ] as Array<[string, string]>)
      : []),
  ]);
  const content = spans.length ? spans.map(renderSpan).join("") : escapeHtml(str(text.text) ?? "");
  return `<div class="fx-text"${outer}${tappable(text.action)}><p class="fx-p"${inner}>${content}</p></div>`;
}

/** `20:13` → 65 (percent of the width); 1:1 when missing or malformed. */
function ratioPercent(value: unknown): number {
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(str(value) ?? "");
  const width = match ? Number(match[1]) : 1;
  const height = match ? Number(match[2]) : 1;
  return width > 0 && height > 0 ? Math.round((height / width) * 100000) / 1000 : 100;
}

/** Only web images are drawn; anything else (javascript:, data:) is left out. */
function imageUrl(value: unknown): string | undefined {
  const text = str(value);
  return text && /^https?:\/\//i.test(text) ? text : undefined;
}

function renderImageFrame(url: string | undefined, ratio: number, fit: string, background?: string): string {
  const frame = styleAttr([
    ["padding-bottom", `${ratio}%`],
    ["background-color", background],
  ]);
  const img = url
    ? `<img src="${escapeHtml(url)}" alt="" loading="lazy" referrerpolicy="no-referrer"${styleAttr([["object-fit", fit]])}>`
    : "";
  return `<div class="fx-img-frame${url || background ? "" : " fx-img-empty"}"${frame}>${img}</div>`;
}

function renderImage(image: Json, slot: Slot): string {
  const size =
    image.size === "full"
      ? "100%"
      : (length(image.size, IMAGE_SIZE, { percent: true }) ?? `${IMAGE_SIZE.md}px`);
  const outer = styleAttr([
    ...itemStyles(image, slot),
    ["align-items", { start: "flex-start", end: "flex-end", center: "center" }[str(image.align) ?? ""]],
    ["justify-content", GRAVITY[str(image.gravity) ?? ""]],
  ]);
  const fit = image.aspectMode === "cover" ? "cover" : "contain";
  const frame = renderImageFrame(
    imageUrl(image.url),
    ratioPercent(image.aspectRatio),
    fit,
    color(image.backgroundColor),
  );
  return `<div class="fx-image"${outer}${tappable(image.action)}><div class="fx-img-size"${styleAttr([["width", size]])}>${frame}</div></div>`;
}

function renderVideo(video: Json, slot: Slot): string {
  const frame = renderImageFrame(imageUrl(video.previewUrl), ratioPercent(video.aspectRatio), "cover");
  return `<div class="fx-image fx-video"${styleAttr(itemStyles(video, slot))}><div class="fx-img-size" style="width:100%">${frame}<span class="fx-play" aria-hidden="true">▶</span></div></div>`;
}

function renderIcon(icon: Json, slot: Slot): string {
  const ratio = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(str(icon.aspectRatio) ?? "");
  const widthEm = ratio ? Number(ratio[1]) / Number(ratio[2]) : 1;
  const url = imageUrl(icon.url);
  const outer = styleAttr([
    ...itemStyles(icon, slot, { flex: "0 0 auto" }),
    ["font-size", length(icon.size, FONT_SIZE) ?? `${FONT_SIZE.md}px`],
  ]);
  const img = url
    ? `<img src="${escapeHtml(url)}" alt="" loading="lazy" referrerpolicy="no-referrer"${styleAttr([["width", `${Number.isFinite(widthEm) ? widthEm : 1}em`]])}>`
    : "";
  return `<div class="fx-icon"${outer}>${img}</div>`;
}

const ACTION_FALLBACK_LABELS: Record<string, string> = {
  location: "ส่งตำแหน่ง",
  camera: "กล้อง",
  cameraRoll: "รูปภาพ",
  uri: "เปิดลิงก์",
};

/** What a button or quick reply shows for an action. */
export function actionLabel(action: unknown): string {
  if (!isObject(action)) return "";
  const label = str(action.label);
  if (label) return label;
  return ACTION_FALLBACK_LABELS[str(action.type) ?? ""] ?? str(action.type) ?? "";
}

function renderButton(button: Json, slot: Slot): string {
  const style = button.style === "primary" || button.style === "secondary" ? button.style : "link";
  const custom = color(button.color);
  const label = actionLabel(button.action);
  const outer = styleAttr([
    ...itemStyles(button, slot),
    ["justify-content", GRAVITY[str(button.gravity) ?? ""]],
  ]);
  const look: Array<[string, string | undefined]> =
    style === "link"
      ? [
          ["background-color", "transparent"],
          ["color", custom ?? BUTTON.link.color],
        ]
      : [
          ["background-color", custom ?? BUTTON[style].background],
          ["color", BUTTON[style].color],
        ];
  const inner = styleAttr([["height", button.height === "sm" ? "40px" : "52px"], ...look]);
  return (
    `<div class="fx-button"${outer}><button type="button" class="fx-btn fx-btn-${style}"` +
    ` data-testid="flex-button" data-label="${escapeHtml(label)}"${actionAttrs(button.action)}${inner}>` +
    `${escapeHtml(label)}</button></div>`
  );
}

function renderSeparator(separator: Json, slot: Slot): string {
  const line = `1px solid ${color(separator.color) ?? SEPARATOR_COLOR}`;
  const style = horizontal(slot.layout)
    ? styleAttr([
        ["flex", "0 0 auto"],
        ...marginBefore(separator, slot, true),
        ["align-self", "stretch"],
        ["width", "0"],
        ["border-inline-start", line],
      ])
    : styleAttr([["flex", "0 0 auto"], ...marginBefore(separator, slot, true), ["border-top", line]]);
  return `<div class="fx-separator" role="separator"${style}></div>`;
}

function renderSpacer(spacer: Json, slot: Slot): string {
  const size = length(spacer.size, SPACING) ?? `${SPACING.md}px`;
  return `<div class="fx-spacer"${styleAttr([
    ["flex", "0 0 auto"],
    [horizontal(slot.layout) ? "width" : "height", size],
  ])}></div>`;
}

function renderFiller(filler: Json, slot: Slot): string {
  return `<div class="fx-filler"${styleAttr([["flex", flexOf(filler, slot, 1)]])}></div>`;
}

function renderUnknown(component: unknown): string {
  const type = isObject(component) ? str(component.type) : undefined;
  const text = isObject(component) ? str(component.text) : undefined;
  return `<div class="fx-unknown"${type ? ` data-type="${escapeHtml(type)}"` : ""}>${text ? escapeHtml(text) : ""}</div>`;
}

function renderComponent(component: unknown, slot: Slot): string {
  if (!isObject(component)) return renderUnknown(component);
  try {
    switch (component.type) {
      case "box":
        return renderBox(component, slot);
      case "text":
        return renderText(component, slot);
      case "image":
        return renderImage(component, slot);
      case "video":
        return renderVideo(component, slot);
      case "icon":
        return renderIcon(component, slot);
      case "button":
        return renderButton(component, slot);
      case "separator":
        return renderSeparator(component, slot);
      case "spacer":
        return renderSpacer(component, slot);
      case "filler":
        return renderFiller(component, slot);
      default:
        return renderUnknown(component);
    }
  } catch {
    return renderUnknown(component);
  }
}

const BLOCKS = ["header", "hero", "body", "footer"] as const;
const ROOT: Slot = { layout: "vertical", spacing: undefined, first: true, afterSpacer: false };

function renderBubble(bubble: Json, inCarousel: boolean): string {
  const size = str(bubble.size) && BUBBLE_WIDTH[bubble.size as string] ? (bubble.size as string) : "mega";
  const width = BUBBLE_WIDTH[size] ?? 300;
  const padding = BLOCK_PADDING[size] ?? BLOCK_PADDING.mega;
  const styles = isObject(bubble.styles) ? bubble.styles : {};
  const hasFooter = isObject(bubble.footer);
  const blocks = BLOCKS.filter((name) => isObject(bubble[name]))
    .map((name) => {
      const block = bubble[name] as Json;
      const blockStyle = isObject(styles[name]) ? (styles[name] as Json) : {};
      const separator = blockStyle.separator === true;
      const style = styleAttr([
        ["background-color", color(blockStyle.backgroundColor)],
        [
          "border-top",
          separator ? `1px solid ${color(blockStyle.separatorColor) ?? SEPARATOR_COLOR}` : undefined,
        ],
      ]);
      const defaultPadding =
        name === "hero"
          ? undefined
          : name === "body"
            ? hasFooter
              ? padding?.bodyWithFooter
              : padding?.body
            : padding?.[name];
      const inner =
        block.type === "box" ? renderBox(block, ROOT, defaultPadding) : renderComponent(block, ROOT);
      return `<div class="fx-block fx-${name}"${style}>${inner}</div>`;
    })
    .join("");
  const direction = bubble.direction === "rtl" ? "rtl" : "ltr";
  const radius = size === "giga" ? "5px" : size === "mega" ? "17px" : "10px";
  const style = styleAttr(
    inCarousel
      ? [["border-radius", radius]]
      : [
          ["width", `${width}px`],
          ["border-radius", radius],
        ],
  );
  return `<div class="fx-bubble fx-${size}" dir="${direction}"${style}${tappable(bubble.action)}>${blocks}</div>`;
}

/**
 * Draw a Flex message's `contents` (a bubble or a carousel) as HTML. Anything else is drawn as an
 * empty card rather than failing.
 */
export function renderFlex(contents: messagingApi.FlexContainer | unknown): string {
  try {
    if (isObject(contents) && contents.type === "bubble") {
      return `<div class="fx-root">${renderBubble(contents, false)}</div>`;
    }
    if (isObject(contents) && contents.type === "carousel") {
      const items = list(contents.contents)
        .filter(isObject)
        .map((bubble) => {
          const size = BUBBLE_WIDTH[str(bubble.size) ?? ""] ? (bubble.size as string) : "mega";
          return `<div class="fx-carousel-item"${styleAttr([["max-width", `${BUBBLE_WIDTH[size]}px`]])}>${renderBubble(bubble, true)}</div>`;
        })
        .join("");
      return `<div class="fx-root fx-carousel" role="group" aria-roledescription="carousel">${items}</div>`;
    }
  } catch {
    // fall through to the plain card
  }
  return `<div class="fx-root">${renderUnknown(contents)}</div>`;
}

/** The page's CSS for what `renderFlex` draws (most values are inline; these are the constants). */
export const FLEX_CSS = `
.fx-root{font-size:16px;line-height:1.4;color:${TEXT_COLOR};text-align:start;max-width:100%}
.fx-root *{box-sizing:border-box}
.fx-bubble{display:flex;flex-direction:column;background:#fff;overflow:hidden;max-width:100%}
.fx-block{display:flex;flex-direction:column;flex:none}
.fx-block.fx-body{flex:1 0 auto}
.fx-block>.fx-box{flex:1 0 auto}
.fx-box{display:flex;min-width:0;overflow:hidden;position:relative}
.fx-text{display:flex;flex-direction:column;min-width:0;position:relative}
.fx-p{margin:0;overflow:hidden}
.fx-span{font-size:inherit}
.fx-image{display:flex;flex-direction:column;align-items:center;min-width:0;overflow:hidden;position:relative}
.fx-img-size{max-width:100%;position:relative}
.fx-img-frame{position:relative;width:100%;height:0}
.fx-img-empty,.fx-img-broken{background:#EEF0F3}
.fx-img-frame>img{position:absolute;inset:0;width:100%;height:100%;display:block}
.fx-play{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;color:#fff;font-size:40px;text-shadow:0 0 6px #0008}
.fx-icon{display:block;line-height:1}
.fx-icon>img{height:1em;vertical-align:baseline;object-fit:contain}
.fx-button{display:flex;flex-direction:column;min-width:0}
.fx-btn{font:inherit;font-size:16px;width:100%;border:0;border-radius:8px;padding:0 16px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;cursor:pointer}
.fx-btn-link:hover{background-color:#0000000d!important}
.fx-btn:focus-visible,[data-action]:focus-visible{outline:2px solid #2563EB;outline-offset:2px}
.fx-root [data-action]{cursor:pointer}
.fx-carousel{display:flex;gap:9px;overflow-x:auto;scroll-snap-type:x mandatory;padding:0 0 6px;align-items:stretch}
.fx-carousel-item{flex:none;width:80%;display:flex;scroll-snap-align:start}
.fx-carousel-item>.fx-bubble{flex:1 1 auto;width:100%}
.fx-unknown{min-height:1em;color:#6B7280}
`;
