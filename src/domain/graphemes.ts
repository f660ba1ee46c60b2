const segmenter = new Intl.Segmenter("th", { granularity: "grapheme" });

/** Thai text as people see it: a base letter with its vowel and tone marks is one character. */
export function graphemes(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment);
}

/** The length LINE counts for labels, and people count for "at least 5 characters". */
export function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}
