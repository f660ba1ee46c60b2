import { Hono } from "hono";
import { z } from "zod";
import { detailsOf, findComplaintByCode, findPhoto, listComplaints } from "../../db/repos/complaints.repo";
import { listUnits } from "../../db/repos/units.repo";
import type { AppDeps } from "../../deps";
import { COMPLAINT_STATUSES, normaliseTrackingCode, TRACKS } from "../../domain/complaints";
import { applyStatusChange } from "../../features/complaints/apply-status";
import { complaintJson } from "../../features/complaints/complaint-json";
import { photoResponse } from "../blob-response";
import { badRequest, parseJson, parseQuery } from "../validation";

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
    .regex(/^\d{1,15}$/, "must be a cursor from a previous page")
    .optional(),
});

const statusBody = z.object({
  status: z.enum(COMPLAINT_STATUSES),
  note: z.string().max(2000).default(""),
  /** Resolving without an after-photo: why there is none. */
  noPhotoReason: z.string().max(500).optional(),
  /** An after-photo, base64 (JPEG or PNG, at most about 1.5 MB). */
  photo: z.object({ base64: z.string().max(2_000_000) }).optional(),
});

/** Admin API over complaints. Answers carry no complainant identity: there is none in these rows. */
export function complaintsAdmin(deps: AppDeps, options: AdminRouteOptions) {
  const app = new Hono();

  async function unitNames() {
    return new Map((await listUnits(deps.db, deps.orgId)).map((unit) => [unit.id, unit.name]));
  }

  app.get("/complaints", async (c) => {
    const query = parseQuery(c, listQuery);
    if (!query.ok) return query.response;
    const { status, type, unitId, limit, cursor } = query.data;
    const page = await listComplaints(deps.db, deps.orgId, {
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
    const complaint = await findComplaintByCode(deps.db, deps.orgId, normaliseTrackingCode(code));
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
    return found ? c.json(found) : c.json({ message: "complaint not found" }, 404);
  });

  /** The same change a staff member makes in chat: history, rules, and the push to the complainant. */
  app.post("/complaints/:code/status", async (c) => {
    const complaint = await findComplaintByCode(
      deps.db,
      deps.orgId,
      normaliseTrackingCode(c.req.param("code")),
    );
    if (!complaint) return c.json({ message: "complaint not found" }, 404);
    const body = await parseJson(c, statusBody);
    if (!body.ok) return body.response;
    let photo: Uint8Array | undefined;
    if (body.data.photo) {
      try {
        photo = Uint8Array.from(atob(body.data.photo.base64.replace(/\s/g, "")), (ch) => ch.charCodeAt(0));
      } catch {
        return badRequest(c, [{ field: "photo.base64", message: "must be base64" }]);
      }
    }
    const outcome = await applyStatusChange(
      deps,
      complaint,
      { ...body.data, photo, by: "ผู้ดูแลระบบ" },
      { actor: "admin-api", deliver: options.deliver },
    );
    if (!outcome.ok) {
      const { field, message } = outcome;
      return outcome.status === 400 && field === "photo"
        ? badRequest(c, [{ field, message }])
        : c.json({ message, field, errors: [{ field, message }] }, outcome.status);
    }
    return c.json(await detail(complaint.trackingCode));
  });

  app.get("/photos/:id", async (c) =>
    photoResponse(c, deps, (await findPhoto(deps.db, deps.orgId, c.req.param("id")))?.blobKey),
  );

  return app;
}
