import { Hono } from "hono";
import { z } from "zod";
import { detailsOf, findComplaintByCode, findPhoto, listComplaints } from "../../db/repos/complaints.repo";
import { listUnits } from "../../db/repos/units.repo";
import type { AppDeps } from "../../deps";
import { COMPLAINT_STATUSES, normaliseTrackingCode, TRACKS } from "../../domain/complaints";
import { codedError } from "../../domain/errors";
import { complaintJson } from "../../features/complaints/complaint-json";
import { commitStatusChange, planStatusChange, statusChangeSchema } from "../../services/complaints.service";
import { ADMIN_API_ACTOR } from "../../services/plan";
import { photoResponse } from "../blob-response";
import { errorResponse, parseJson, parseQuery } from "../validation";

export interface AdminRouteOptions {
  /** Deliver pushes queued by an admin action (after the response). */
  deliver(recipients: string[]): Promise<void>;
}

const listQuery = z.object({
  status: z.enum(COMPLAINT_STATUSES).optional(),
  type: z.enum(TRACKS).optional(),
  unitId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, "ต้องเป็นค่า nextCursor จากหน้าก่อนหน้า")
    .optional(),
});

/** The service's status change, with an after-photo as base64 (JPEG or PNG, at most about 1.5 MB). */
const statusBody = statusChangeSchema.extend({
  photo: z
    .object({
      base64: z
        .string()
        .max(2_000_000)
        .transform((text, context) => {
          try {
            return Uint8Array.from(atob(text.replace(/\s/g, "")), (ch) => ch.charCodeAt(0));
          } catch {
            context.addIssue({ code: "custom", message: "ต้องเป็นข้อมูล base64" });
            return z.NEVER;
          }
        }),
    })
    .optional(),
});

const notFound = codedError("complaint.not_found");

/** Admin API over complaints. Answers carry no complainant identity: there is none in these rows. */
export function complaintsAdmin(deps: AppDeps, options: AdminRouteOptions) {
  const app = new Hono();

  async function unitNames() {
    return new Map((await listUnits(deps.db)).map((unit) => [unit.id, unit.name]));
  }

  app.get("/complaints", async (c) => {
    const query = parseQuery(c, listQuery);
    if (!query.ok) return query.response;
    const { status, type, unitId, limit, cursor } = query.data;
    const page = await listComplaints(deps.db, {
      status,
      track: type,
      unitIds: unitId ? [unitId] : undefined,
      before: cursor ? Number(cursor) : undefined,
      limit,
    });
    const [details, names] = await Promise.all([
      detailsOf(
        deps.db,
        page.map((complaint) => complaint.id),
      ),
      unitNames(),
    ]);
    const items = page.map((complaint) =>
      complaintJson(deps, complaint, {
        history: details.history.get(complaint.id) ?? [],
        photos: details.photos.get(complaint.id) ?? [],
        unitName: complaint.routedUnitId ? (names.get(complaint.routedUnitId) ?? null) : null,
      }),
    );
    const last = page.at(-1);
    return c.json({ items, nextCursor: page.length === limit && last ? String(last.id) : null });
  });

  async function detail(code: string) {
    const complaint = await findComplaintByCode(deps.db, normaliseTrackingCode(code));
    if (!complaint) return undefined;
    const [details, names] = await Promise.all([detailsOf(deps.db, [complaint.id]), unitNames()]);
    return complaintJson(deps, complaint, {
      history: details.history.get(complaint.id) ?? [],
      photos: details.photos.get(complaint.id) ?? [],
      unitName: complaint.routedUnitId ? (names.get(complaint.routedUnitId) ?? null) : null,
    });
  }

  app.get("/complaints/:code", async (c) => {
    const found = await detail(c.req.param("code"));
    return found ? c.json(found) : errorResponse(c, notFound);
  });

  /** The same change a staff member makes in chat: history, rules, and the push to the complainant. */
  app.post("/complaints/:code/status", async (c) => {
    const trackingCode = c.req.param("code");
    const body = await parseJson(c, statusBody);
    if (!body.ok) return body.response;
    const { photo, ...change } = body.data;
    const input = { ...change, trackingCode, photo: photo?.base64 };
    const planned = await planStatusChange(deps, input, ADMIN_API_ACTOR);
    const done = await commitStatusChange(deps, planned, ADMIN_API_ACTOR, options.deliver);
    if (!done.ok) return errorResponse(c, done.error);
    return c.json(await detail(done.value.complaint.trackingCode));
  });

  app.get("/photos/:id", async (c) =>
    photoResponse(c, deps, (await findPhoto(deps.db, c.req.param("id")))?.blobKey),
  );

  return app;
}
