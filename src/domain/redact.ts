/** LINE user, group and room ids: `U`, `C` or `R` and 32 hex digits. */
const LINE_ID = /\b[UCR][0-9a-f]{32}\b/g;

/**
 * The last guard before a log line leaves the process: LINE ids are personal data (and a corruption
 * complainant's is sealed), so none is ever written, whatever a caller or an error message carried.
 */
export function redactPersonalData(line: string): string {
  return line.replace(LINE_ID, (id) => `${id[0]}…`);
}
