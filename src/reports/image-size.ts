/**
 * A photo's kind and size in pixels, read from its header (PNG's IHDR, JPEG's start-of-frame), so a
 * document can scale it to fit without decoding it. Undefined for anything else or a broken file.
 */
export interface ImageSize {
  type: "jpg" | "png";
  width: number;
  height: number;
}

export function imageSize(bytes: Uint8Array): ImageSize | undefined {
  const u16 = (at: number) => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
  const u32 = (at: number) => u16(at) * 65536 + u16(at + 2);
  // PNG: signature, then the IHDR chunk with width and height.
  if (
    bytes.length >= 24 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x4e &&
    bytes[3] === 0x47
  ) {
    const width = u32(16);
    const height = u32(20);
    return width > 0 && height > 0 ? { type: "png", width, height } : undefined;
  }
  // JPEG: walk the segments to the first start-of-frame (C0–CF, but not C4, C8, CC).
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = u16(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = u16(at + 5);
      const width = u16(at + 7);
      return width > 0 && height > 0 ? { type: "jpg", width, height } : undefined;
    }
    if (length < 2) return undefined;
    at += 2 + length;
  }
  return undefined;
}
