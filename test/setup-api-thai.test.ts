/**
 * The admin API's set-up and account routes: each refusal with its status, its code when a service
 * refused, and every message in Thai (input problems through the schemas' Thai messages).
 */
import { describe, expect, it } from "vitest";
import { adminApi, type JsonAnswer } from "./support/admin";
import { useBot } from "./support/harness";
import { expectThai } from "./support/thai";

const t = useBot();

function expectRefusal(answer: JsonAnswer, status: number, fields: string[], code?: string) {
  const where = JSON.stringify(answer.json);
  expect(answer.status, where).toBe(status);
  expect(answer.json.code, where).toBe(code);
  expectThai(answer.json.message, where);
  expect(
    answer.json.errors.map((e: { field: string }) => e.field),
    where,
  ).toEqual(fields);
  for (const error of answer.json.errors) expectThai(error.message, where);
}

describe("set-up and accounts through the admin API refuse in Thai", () => {
  it("categories, holidays, invites, the EIT drive and accounts", async () => {
    const api = (method: string, path: string, body?: unknown) => adminApi(t.bot, method, path, body);
    const units = (await api("GET", "/units")).json.items as Array<{ id: string }>;
    const categories = (await api("GET", "/categories")).json.items as Array<{ id: string; name: string }>;
    const [unit] = units;
    const [first, second] = categories;
    if (!unit || !first || !second) throw new Error("not seeded");

    expectRefusal(await api("POST", "/categories", { name: "", unitId: unit.id, deadlineDays: 0 }), 400, [
      "name",
      "deadlineDays",
    ]);
    expectRefusal(
      await api("POST", "/categories", { name: "ใหม่", unitId: "nope" }),
      400,
      ["unitId"],
      "category.unknown_unit",
    );
    expectRefusal(
      await api("POST", "/categories", { name: first.name, unitId: unit.id }),
      409,
      ["name"],
      "category.name_taken",
    );
    expectRefusal(await api("PATCH", `/categories/${first.id}`, {}), 400, ["body"]);
    expectRefusal(
      await api("PATCH", `/categories/${first.id}`, { name: second.name }),
      409,
      ["name"],
      "category.name_taken",
    );
    expectRefusal(await api("PATCH", "/categories/nope", { name: "อื่น" }), 404, ["id"], "category.not_found");

    expectRefusal(await api("POST", "/holidays", { date: "2026-12-32", name: "" }), 400, ["date", "name"]);
    expectRefusal(await api("DELETE", "/holidays/someday"), 400, ["date"]);
    expectRefusal(await api("DELETE", "/holidays/2027-03-03"), 404, ["date"], "holiday.not_found");
    expectRefusal(await api("GET", "/holidays?fiscalYear=70"), 400, ["fiscalYear"]);

    expectRefusal(await api("POST", "/invites", { role: "staff" }), 400, ["unitId"], "invite.unit_required");
    expectRefusal(
      await api("POST", "/invites", { role: "admin", unitId: "nope" }),
      400,
      ["unitId"],
      "invite.unknown_unit",
    );
    expectRefusal(await api("POST", "/invites", { role: "king" }), 400, ["role"]);
    expect((await api("POST", "/invites", { role: "integrity" })).status).toBe(201);

    expectRefusal(await api("GET", "/settings/eit-drive"), 404, [""], "settings.eit_drive_unset");
    const drive = { url: "http://itas.nacc.go.th/x", startDate: "2027-06-30", endDate: "2027-05-01" };
    expectRefusal(await api("PUT", "/settings/eit-drive", drive), 400, ["url", "endDate"]);

    const password = "ยาวพอสมควร-2570";
    expectRefusal(await api("POST", "/accounts", { username: "a b", password: "short" }), 400, [
      "username",
      "password",
    ]);
    expect((await api("POST", "/accounts", { username: "manee", password })).status).toBe(201);
    expectRefusal(
      await api("POST", "/accounts", { username: "Manee", password }),
      409,
      ["username"],
      "account.username_taken",
    );
  });
});
