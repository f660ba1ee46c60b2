/**
 * The digits a document writes: as they are, or Thai digits when the organisation asks for them
 * (`DocumentSettings.thaiNumerals`). Builders pass every string they lay out through one `Numerals`.
 */
import { thaiDigits } from "../domain/thai-digits";

export type Numerals = (text: string) => string;
export const numeralsOf = (thai: boolean): Numerals => (thai ? thaiDigits : (text) => text);
