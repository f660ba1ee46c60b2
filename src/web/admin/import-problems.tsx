/**
 * The measures and ITA pages' imports and refusals: the CSV fields, a Thai message beside the field it
 * concerns, and an import's bad rows as a table (row, field, problem). Local markup until the console
 * has a shared field-error component.
 */
import type { FC } from "hono/jsx";
import type { Problem } from "../../domain/errors";
import { Notice, Table } from "./layout";

/** The messages about `field`, beside it. */
export const FieldNote: FC<{ field: string; problems?: readonly Problem[] }> = ({ field, problems = [] }) => (
  <>
    {problems
      .filter((problem) => problem.field === field)
      .map((problem) => (
        <span class="alert" role="alert" data-testid="field-error" data-field={field}>
          {problem.message}
        </span>
      ))}
  </>
);

/**
 * A CSV to send: a file, or its text pasted (kept when the form comes back), and what was wrong with it.
 * `spreadsheet`: the file may also be an Excel workbook (.xlsx).
 */
export const CsvFields: FC<{ csv: string; problems?: readonly Problem[]; spreadsheet?: boolean }> = ({
  csv,
  problems,
  spreadsheet,
}) => (
  <>
    <label>
      {spreadsheet ? "ไฟล์ CSV หรือ Excel" : "ไฟล์ CSV"}
      <input
        type="file"
        name="file"
        accept={
          spreadsheet
            ? ".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            : ".csv,text/csv"
        }
      />
    </label>
    <label>
      หรือวางข้อความ CSV
      <textarea name="csv">{csv}</textarea>
    </label>
    <FieldNote field="file" problems={problems?.filter((problem) => !problem.row)} />
  </>
);

/** A refused import: its headline, then every bad row with its field, the file as a whole being row 0. */
export const RowProblems: FC<{ headline: string; problems: readonly Problem[] }> = ({
  headline,
  problems,
}) => (
  <>
    <Notice kind="bad">{headline}</Notice>
    <Table head={["แถว", "ช่อง", "ปัญหา"]} testid="import-errors">
      {problems.map((problem) => (
        <tr data-testid="import-error">
          <td>{problem.row ? problem.row : "ทั้งไฟล์"}</td>
          <td>{FIELD_LABELS[problem.field] ?? problem.field}</td>
          <td>{problem.message}</td>
        </tr>
      ))}
    </Table>
  </>
);

/** Field names of the form itself (the CSV's own columns are Thai already). */
const FIELD_LABELS: Record<string, string> = {
  file: "ไฟล์",
  measures: "มาตรการ",
  fiscalYear: "ปีงบประมาณ",
};
