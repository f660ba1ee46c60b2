/**
 * How people reach the bot: the Official Account's LINE ID (its basic ID, `@…`), the add-friend link and
 * a QR code of that link, drawn as inline SVG (the transparency page allows no images from elsewhere).
 */
import qrcode from "qrcode-generator";

export interface LineOaContact {
  /** "@123abcde" */
  basicId: string;
  /** https://line.me/R/ti/p/@123abcde */
  addFriendUrl: string;
  /** The QR code of `addFriendUrl`, an `<svg>` element. */
  qrSvg: string;
}

/** A LINE basic or premium ID as LINE shows it: `@` and letters, digits, `.`, `_` or `-`. */
const BASIC_ID = /^@[0-9a-z._-]{1,40}$/i;

export function lineOaContact(basicId: string | null | undefined): LineOaContact | null {
  const id = basicId?.trim();
  if (!id || !BASIC_ID.test(id)) return null;
  const addFriendUrl = `https://line.me/R/ti/p/${encodeURIComponent(id)}`;
  return { basicId: id, addFriendUrl, qrSvg: qrSvg(addFriendUrl, `คิวอาร์โค้ดเพิ่มเพื่อน LINE ${id}`) };
}

/** A QR code (error correction M) as one SVG path, black modules on white with a 4-module quiet zone. */
export function qrSvg(text: string, label: string): string {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  const count = qr.getModuleCount();
  const quiet = 4;
  const size = count + quiet * 2;
  let path = "";
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.isDark(row, col)) path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  const escaped = label.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="180" height="180" ` +
    `role="img" aria-label="${escaped}" shape-rendering="crispEdges" data-testid="line-qr">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}
