/**
 * The responsible-unit cell as offices write it: unit names separated by commas, `/`, line breaks or
 * (seed 004) spaces (`สำนักปลัด กองคลัง กองช่าง กองสวัสดิการ`); `ทุกส่วนราชการ`, `ทุกกอง`,
 * `ทุกหน่วยงาน`, `ทุกฝ่าย`, `ทุกสำนัก/กอง` for every unit; a unit with a sub-section
 * (`สำนักปลัด /งาน IT`, `สำนักปลัด (งานการเจ้าหน้าที่)`): the unit is matched, the sub-section kept
 * in the label. When the cell says more than a list of unit names (every unit, a sub-section), it is
 * kept as written (`unitsLabel`) so documents print it compactly, as the organisation wrote it.
 */
import { bad, type Checked, good } from "./measure-periods";

export interface UnitRef {
  id: string;
  name: string;
}

export interface UnitCell {
  unitIds: string[];
  /** The cell as written, when it says more than unit names; otherwise null. */
  label: string | null;
}

const ALL_UNITS = /^ทุก\s*(?:ส่วนราชการ|กอง|หน่วยงาน|ฝ่าย|สำนัก|สำนัก\/กอง|กอง\/สำนัก)$/;
/** A sub-section of a unit: งาน…, ฝ่าย…, หน่วย… (not a unit of its own). */
const SUB_SECTION = /^(?:งาน|ฝ่าย|หน่วย(?!งาน))/;

export const unitNameKey = (name: string) => name.replace(/\s+/g, " ").trim();

/** Read the cell; unknown names are refused, each named. */
export function readUnitCell(value: string, units: readonly UnitRef[]): Checked<UnitCell> {
  const written = unitNameKey(value);
  if (written === "") return bad("ต้องกรอก");
  const byName = new Map(units.map((unit) => [unitNameKey(unit.name), unit.id]));
  const compact = new Map(units.map((unit) => [unit.name.replace(/\s+/g, ""), unit.id]));
  const ids: string[] = [];
  const unknown: string[] = [];
  let labelled = false;

  // Parenthesised sub-sections: "สำนักปลัด (งาน IT)" → the unit, the label kept.
  const text = written.replace(/\(([^)]*)\)/g, (_all, inner: string) => {
    labelled = true;
    return SUB_SECTION.test(inner.trim()) ? " " : `/${inner}`;
  });
  const parts = text
    .split(/[,，/、;\n]/)
    .map(unitNameKey)
    .filter((part) => part !== "");
  for (const part of parts) {
    if (ALL_UNITS.test(part)) {
      ids.push(...units.map((unit) => unit.id));
      labelled = true;
      continue;
    }
    const exact = byName.get(part) ?? compact.get(part.replace(/\s+/g, ""));
    if (exact) {
      ids.push(exact);
      continue;
    }
    if (SUB_SECTION.test(part) && ids.length > 0) {
      labelled = true;
      continue;
    }
    // Names separated by spaces: the longest run of words that is a unit's name, word by word.
    const words = part.split(" ");
    let i = 0;
    const missed: string[] = [];
    while (i < words.length) {
      let matched = 0;
      for (let j = words.length; j > i; j--) {
        const id = byName.get(words.slice(i, j).join(" "));
        if (id) {
          ids.push(id);
          matched = j - i;
          break;
        }
      }
      if (matched) {
        i += matched;
        continue;
      }
      const word = words[i] as string;
      if (SUB_SECTION.test(word) && ids.length > 0) {
        // The rest of the words name the sub-section ("งาน IT").
        labelled = true;
        break;
      }
      missed.push(word);
      i++;
    }
    if (missed.length) unknown.push(missed.join(" "));
  }
  if (unknown.length) {
    return bad(
      `ไม่พบหน่วยงาน ${unknown.map((name) => `"${name}"`).join(", ")} โปรดเพิ่มหน่วยงานก่อน หรือแก้ชื่อให้ตรงกับที่มีอยู่`,
    );
  }
  if (ids.length === 0) return bad("ต้องระบุหน่วยงานที่รับผิดชอบ");
  return good({ unitIds: [...new Set(ids)], label: labelled ? written : null });
}
