/**
 * Thai digits (๐–๙, U+0E50–U+0E59). People type and paste either kind (`asciiDigits` reads them);
 * documents whose organisation writes Thai digits, as the seeds do, get them everywhere
 * (`thaiDigits`), so a document never mixes the two.
 */
const THAI_ZERO = 0x0e50;

/** "๒๕๗๐" → "2570" */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0e50-\u0e59]/g, (digit) => String(digit.charCodeAt(0) - THAI_ZERO));
}

/** "ปี 2570 ร้อยละ 50" → "ปี ๒๕๗๐ ร้อยละ ๕๐" */
export function thaiDigits(text: string): string {
  return text.replace(/[0-9]/g, (digit) => String.fromCharCode(THAI_ZERO + Number(digit)));
}
