/**
 * A fiscal year as people give it (Buddhist era, 2500–2700), one schema for every adapter: JSON bodies
 * (`fiscalYearSchema`) and query strings or form fields (`fiscalYearQuery`), with the same Thai message.
 */
import { z } from "zod";

export const FISCAL_YEAR_MIN = 2500;
export const FISCAL_YEAR_MAX = 2700;
export const FISCAL_YEAR_MESSAGE = "ต้องเป็นปีงบประมาณ พ.ศ. (2500–2700) เช่น 2570";

export const fiscalYearSchema = z
  .number({ error: FISCAL_YEAR_MESSAGE })
  .int(FISCAL_YEAR_MESSAGE)
  .min(FISCAL_YEAR_MIN, FISCAL_YEAR_MESSAGE)
  .max(FISCAL_YEAR_MAX, FISCAL_YEAR_MESSAGE);

/** The same from text (`?fiscalYear=2570`, a form field); blank is missing, not zero. */
export const fiscalYearQuery = z.preprocess(
  (value) => (typeof value === "string" && value.trim() !== "" ? Number(value.trim()) : value),
  fiscalYearSchema,
);
