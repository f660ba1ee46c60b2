/**
 * Every set-up, account and sign-in form of the console, posted with bad input: the status of the
 * refusal, every message on the page in Thai (the problems list and each message beside its field),
 * and the form shown again with exactly what was typed (never a password).
 */
import { describe, expect, it } from "vitest";
import { adminApi } from "./support/admin";
import {
  CONSOLE_PASSWORD,
  consoleBrowser,
  expectThaiRefusal,
  formValues,
  signedInConsole,
} from "./support/console-forms";
import { useBot } from "./support/harness";

const t = useBot();

async function ids() {
  const units = (await adminApi(t.bot, "GET", "/units")).json.items as Array<{ id: string; name: string }>;
  const categories = (await adminApi(t.bot, "GET", "/categories")).json.items as Array<{
    id: string;
    name: string;
  }>;
  const unit = units[0];
  const road = categories.find((c) => c.name === "ถนน/ทางเท้า");
  if (!unit || !road) throw new Error("the organisation is not seeded");
  return { unit, road };
}

describe("set-up forms refuse bad input in Thai and keep what was typed", () => {
  it("units", async () => {
    const b = await signedInConsole(t.bot);
    const { unit } = await ids();
    const from = "/admin/units";
    expectThaiRefusal(await b.post("/admin/units", { name: "   " }, { from }), {
      status: 400,
      form: "unit-form",
      kept: { name: "   " },
      beside: ["name"],
    });
    expectThaiRefusal(await b.post("/admin/units", { name: unit.name }, { from }), {
      status: 409,
      form: "unit-form",
      kept: { name: unit.name },
      beside: ["name"],
    });
  });

  it("categories: a new one and a change", async () => {
    const b = await signedInConsole(t.bot);
    const { unit, road } = await ids();
    const from = "/admin/categories";
    const bad = { name: "", unitId: unit.id, deadlineDays: "0", sortOrder: "5000" };
    expectThaiRefusal(await b.post("/admin/categories", bad, { from }), {
      status: 400,
      form: "category-new-form",
      kept: bad,
      beside: ["name", "deadlineDays", "sortOrder"],
    });
    const unknownUnit = { name: 'ต้นไม้ล้ม <ด่วน> & "ใหญ่"', unitId: "nope", deadlineDays: "7", sortOrder: "5" };
    expectThaiRefusal(await b.post("/admin/categories", unknownUnit, { from }), {
      status: 400,
      form: "category-new-form",
      kept: { name: unknownUnit.name, deadlineDays: "7", sortOrder: "5" },
      beside: ["unitId"],
    });
    const taken = { name: road.name, unitId: unit.id, deadlineDays: "12", sortOrder: "3" };
    expectThaiRefusal(await b.post("/admin/categories", taken, { from }), {
      status: 409,
      form: "category-new-form",
      kept: taken,
      beside: ["name"],
    });

    // A change: only the edited category's form shows what was typed and the message.
    const rename = { name: "น้ำประปา", unitId: unit.id, deadlineDays: "9", sortOrder: "2" };
    const renamed = await b.post(`/admin/categories/${road.id}`, rename, { from });
    expectThaiRefusal(renamed, {
      status: 409,
      form: `/admin/categories/${road.id}`,
      kept: { ...rename, active: "" },
      beside: ["name"],
    });
    expect(renamed.html.match(/data-testid="field-error"/g)).toHaveLength(1);
    const badChange = { name: "ถนน", unitId: unit.id, deadlineDays: "สิบ", sortOrder: "1", active: "1" };
    expectThaiRefusal(await b.post(`/admin/categories/${road.id}`, badChange, { from }), {
      status: 400,
      form: `/admin/categories/${road.id}`,
      kept: badChange,
      beside: ["deadlineDays"],
    });
    expectThaiRefusal(await b.post("/admin/categories/no-such-category", rename, { from }), { status: 404 });
  });

  it("holidays: adding one, deleting one that is not there", async () => {
    const b = await signedInConsole(t.bot);
    const from = "/admin/holidays";
    const bad = { date: "2026-12-32", name: "" };
    expectThaiRefusal(await b.post("/admin/holidays", bad, { from }), {
      status: 400,
      form: "holiday-form",
      kept: bad,
      beside: ["date", "name"],
    });
    expectThaiRefusal(await b.post("/admin/holidays/2027-03-03/delete", {}, { from }), { status: 404 });
    expectThaiRefusal(await b.post("/admin/holidays/someday/delete", {}, { from }), { status: 400 });
  });

  it("invites", async () => {
    const b = await signedInConsole(t.bot);
    const from = "/admin/invites";
    expectThaiRefusal(await b.post("/admin/invites", { role: "staff", unitId: "" }, { from }), {
      status: 400,
      form: "invite-form",
      kept: { role: "staff", unitId: "" },
      beside: ["unitId"],
    });
    expectThaiRefusal(await b.post("/admin/invites", { role: "integrity", unitId: "nope" }, { from }), {
      status: 400,
      form: "invite-form",
      kept: { role: "integrity" },
      beside: ["unitId"],
    });
    expectThaiRefusal(await b.post("/admin/invites", { role: "king", unitId: "" }, { from }), {
      status: 400,
      form: "invite-form",
      beside: ["role"],
    });
  });

  it("the three settings forms", async () => {
    const b = await signedInConsole(t.bot);
    const from = "/admin/settings";
    const drive = {
      url: "http://itas.nacc.go.th/go/eit/abc",
      startDate: "2027-06-30",
      endDate: "2027-05-01",
    };
    const driveAnswer = await b.post("/admin/settings/eit-drive", drive, { from });
    expectThaiRefusal(driveAnswer, {
      status: 400,
      form: "eit-drive-form",
      kept: drive,
      beside: ["url", "endDate"],
    });
    // The other forms show what is stored.
    expect(formValues(driveAnswer.html, "report-deadlines-form")).toMatchObject({
      sixMonth: "04-30",
      twelveMonth: "10-31",
    });
    const reminders = { digestWeekday: "2", digestTime: "25:00", nudgeTime: "9" };
    expectThaiRefusal(await b.post("/admin/settings/reminders", reminders, { from }), {
      status: 400,
      form: "reminders-form",
      kept: reminders,
      beside: ["digestTime", "nudgeTime"],
    });
    const deadlines = { sixMonth: "4-30", twelveMonth: "13-01" };
    expectThaiRefusal(await b.post("/admin/settings/report-deadlines", deadlines, { from }), {
      status: 400,
      form: "report-deadlines-form",
      kept: deadlines,
      beside: ["sixMonth", "twelveMonth"],
    });
  });
});

describe("account and sign-in forms refuse bad input in Thai and keep what was typed", () => {
  it("a new account; never the password", async () => {
    const b = await signedInConsole(t.bot, "somsri");
    const from = "/admin/accounts/new";
    const bad = { username: "ab", displayName: "สมชาย ใจดี", password: "short" };
    const answer = await b.post("/admin/accounts", bad, { from });
    expectThaiRefusal(answer, {
      status: 400,
      form: "account-form",
      kept: { username: "ab", displayName: "สมชาย ใจดี", password: "" },
      beside: ["username", "password"],
    });
    const taken = { username: "SomSri", displayName: "", password: CONSOLE_PASSWORD };
    expectThaiRefusal(await b.post("/admin/accounts", taken, { from }), {
      status: 409,
      form: "account-form",
      kept: { username: "SomSri", password: "" },
      beside: ["username"],
    });
  });

  it("unlocking or removing an account that is not there, or removing one's own", async () => {
    const b = await signedInConsole(t.bot, "somsri");
    const from = "/admin/accounts";
    expectThaiRefusal(await b.post("/admin/accounts/no-such-account/unlock", {}, { from }), { status: 404 });
    expectThaiRefusal(await b.post("/admin/accounts/no-such-account/remove", {}, { from }), { status: 404 });
    const own = (await adminApi(t.bot, "GET", "/accounts")).json.items[0].id as string;
    expectThaiRefusal(await b.post(`/admin/accounts/${own}/remove`, {}, { from }), { status: 409 });
  });

  it("signing in keeps the username as typed; the token form refuses a wrong token", async () => {
    await signedInConsole(t.bot, "somchai");
    const b = consoleBrowser(t.bot);
    const from = "/admin/sign-in";
    const wrong = await b.post(
      "/admin/sign-in",
      { username: " SomChai ", password: "wrong-password-123" },
      { from },
    );
    expectThaiRefusal(wrong, {
      status: 401,
      form: "sign-in-form",
      kept: { username: " SomChai ", password: "" },
    });
    expectThaiRefusal(await b.post("/admin/sign-in/token", { token: "not-the-token" }, { from }), {
      status: 401,
    });
  });
});
