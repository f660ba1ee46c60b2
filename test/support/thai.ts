import { expect } from "vitest";

/** Two or more ASCII words in a row (e.g. "must be", "unknown unit"): English reaching a person. */
const ASCII_RUN = /[A-Za-z]{2,}[\s,.:;'"()-]+[A-Za-z]{2,}/;

/** Whether a message is Thai for people: Thai script present, no run of ASCII words. */
export function isThaiMessage(text: string): boolean {
  return /[\u0E00-\u0E7F]/.test(text) && !ASCII_RUN.test(text);
}

export function expectThai(text: string | undefined | null, where = ""): void {
  expect(text ?? "", `${where}: "${text}" should be Thai with no run of English words`).toSatisfy(
    (value: string) => isThaiMessage(value),
  );
}
