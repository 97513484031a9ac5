/**
 * The JSON API, `/api/v1`. Each route parses its input and calls one domain operation; the rules live
 * in the operations. Errors are `{ "error": { "code", "message", "field"? } }` (see app.ts).
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { CreateActivityInput } from "../../activities/activity.schema.ts";
import { cancelActivity, completeActivity } from "../../activities/complete-activity.ts";
import { createActivity } from "../../activities/create-activity.ts";
import { listQueue } from "../../activities/list-queue.ts";
import { reassignActivity } from "../../activities/reassign-activity.ts";
import { takeActivity } from "../../activities/take-activity.ts";
import { addRepresentative } from "../../applications/add-representative.ts";
import type {
  AddRepresentativeInput,
  CreateApplicationInput,
} from "../../applications/application.schema.ts";
import { changeApplicationStatus } from "../../applications/change-application-status.ts";
import { createApplication } from "../../applications/create-application.ts";
import { getApplicationFile } from "../../applications/get-application-file.ts";
import { verifyAuditChain } from "../../audit/verify-audit-chain.ts";
import { addContactDetail } from "../../clients/add-contact-detail.ts";
import {
  type AddDesignatedIndividualInput,
  addDesignatedIndividual,
} from "../../clients/add-designated-individual.ts";
import type {
  AddContactDetailInput,
  CreateClientInput,
  SearchClientsInput,
} from "../../clients/client.schema.ts";
import { createClient } from "../../clients/create-client.ts";
import { getClientFile } from "../../clients/get-client-file.ts";
import { searchClients } from "../../clients/search-clients.ts";
import { DOCUMENT_LIMIT } from "../../edocs/check-edoc-upload.ts";
import { readEdoc } from "../../edocs/read-edoc.ts";
import { uploadEdoc } from "../../edocs/upload-edoc.ts";
import { addInfoAlert } from "../../info-alerts/add-info-alert.ts";
import { type AddNoteInput, addNote } from "../../notes/add-note.ts";
import { createOffice } from "../../offices/create-office.ts";
import { listOffices } from "../../offices/find-office.ts";
import type { CreateOfficeInput, UpdateOfficeInput } from "../../offices/office.schema.ts";
import { updateOffice } from "../../offices/update-office.ts";
import { AppError } from "../../shared/errors.ts";
import { assertAdministrator } from "../../users/actor.ts";
import { addUser } from "../../users/add-user.ts";
import type { AddUserInput } from "../../users/user.schema.ts";
import type { AppEnv } from "../env.ts";
import { apiAuth } from "./api-auth.ts";
import { bulkApiRoutes } from "./bulk-routes.ts";
import { correspondenceApiRoutes } from "./correspondence-routes.ts";
import { decisionApiRoutes } from "./decision-routes.ts";
import { enquiryDashboardApiRoutes } from "./enquiry-dashboard-routes.ts";
import { enquiryApiRoutes } from "./enquiry-routes.ts";
import { etaReviewApiRoutes } from "./eta-review-routes.ts";
import { etaApiRoutes } from "./eta-routes.ts";
import { fileExportApiRoutes } from "./file-export-routes.ts";
import { letterApiRoutes } from "./letter-routes.ts";
import { readJson, readUpload } from "./read-body.ts";

const jsonLimit = bodyLimit({
  maxSize: 1024 * 1024,
  onError: () => {
    throw new AppError("too_large", "body: must be at most 1 MB");
  },
});
const uploadLimit = bodyLimit({
  maxSize: DOCUMENT_LIMIT + 64 * 1024,
  onError: () => {
    throw new AppError("too_large", "file: documents over 25 MB cannot be stored as eDocs", {
      field: "file",
    });
  },
});

export function apiRoutes() {
  const api = new Hono<AppEnv>();
  api.use("*", apiAuth);
  const actor = (c: { var: AppEnv["Variables"] }) => c.var.actor!;
  const db = (c: { var: AppEnv["Variables"] }) => c.var.database.db;
  const json = async <T>(c: Context) => (await readJson(c)) as T;

  api.route("/", correspondenceApiRoutes());
  api.route("/", decisionApiRoutes());
  api.route("/", letterApiRoutes());
  api.route("/", bulkApiRoutes());
  api.route("/", enquiryApiRoutes());
  api.route("/", enquiryDashboardApiRoutes());
  api.route("/", fileExportApiRoutes());
  api.route("/", etaApiRoutes());
  api.route("/", etaReviewApiRoutes());

  api.get("/me", (c) => c.json({ user: actor(c) }));

  api.get("/search", async (c) => {
    const results = await searchClients(db(c), actor(c), c.req.query() as SearchClientsInput);
    return c.json({ results });
  });

  api.post("/clients", jsonLimit, async (c) => {
    const client = await createClient(db(c), actor(c), await json<CreateClientInput>(c));
    return c.json({ client }, 201);
  });
  api.get("/clients/:uci", async (c) => c.json(await getClientFile(db(c), actor(c), c.req.param("uci"))));
  api.post("/clients/:uci/contacts", jsonLimit, async (c) => {
    const contact = await addContactDetail(
      db(c),
      actor(c),
      c.req.param("uci"),
      await json<AddContactDetailInput>(c),
    );
    return c.json({ contact }, 201);
  });
  api.post("/clients/:uci/notes", jsonLimit, async (c) => {
    const note = await addNote(db(c), actor(c), { uci: c.req.param("uci") }, await json<AddNoteInput>(c));
    return c.json({ note }, 201);
  });
  api.post("/clients/:uci/edocs", uploadLimit, async (c) => {
    const edoc = await uploadEdoc(db(c), actor(c), { uci: c.req.param("uci") }, await readUpload(c));
    return c.json({ edoc }, 201);
  });
  api.post("/clients/:uci/info-alerts", jsonLimit, async (c) => {
    const infoAlert = await addInfoAlert(
      db(c),
      actor(c),
      c.req.param("uci"),
      await json<Parameters<typeof addInfoAlert>[3]>(c),
    );
    return c.json({ infoAlert }, 201);
  });

  api.post("/applications", jsonLimit, async (c) => {
    const application = await createApplication(db(c), actor(c), await json<CreateApplicationInput>(c));
    return c.json({ application }, 201);
  });
  api.get("/applications/:fileNumber", async (c) =>
    c.json(await getApplicationFile(db(c), actor(c), c.req.param("fileNumber"))),
  );
  api.post("/applications/:fileNumber/status", jsonLimit, async (c) => {
    const application = await changeApplicationStatus(
      db(c),
      actor(c),
      c.req.param("fileNumber"),
      await readJson(c),
    );
    return c.json({ application });
  });
  api.post("/applications/:fileNumber/representatives", jsonLimit, async (c) => {
    const representative = await addRepresentative(
      db(c),
      actor(c),
      c.req.param("fileNumber"),
      await json<AddRepresentativeInput>(c),
    );
    return c.json({ representative }, 201);
  });
  api.post("/applications/:fileNumber/designated-individuals", jsonLimit, async (c) => {
    const designatedIndividual = await addDesignatedIndividual(
      db(c),
      actor(c),
      { fileNumber: c.req.param("fileNumber") },
      await json<AddDesignatedIndividualInput>(c),
    );
    return c.json({ designatedIndividual }, 201);
  });
  api.post("/applications/:fileNumber/notes", jsonLimit, async (c) => {
    const note = await addNote(
      db(c),
      actor(c),
      { fileNumber: c.req.param("fileNumber") },
      await json<AddNoteInput>(c),
    );
    return c.json({ note }, 201);
  });
  api.post("/applications/:fileNumber/edocs", uploadLimit, async (c) => {
    const edoc = await uploadEdoc(
      db(c),
      actor(c),
      { fileNumber: c.req.param("fileNumber") },
      await readUpload(c),
    );
    return c.json({ edoc }, 201);
  });

  api.get("/edocs/:id", async (c) => {
    const { edoc } = await readEdoc(db(c), actor(c), c.req.param("id"));
    return c.json({ edoc });
  });
  api.get("/edocs/:id/content", async (c) => {
    const { edoc, content } = await readEdoc(db(c), actor(c), c.req.param("id"));
    return c.body(new Uint8Array(content), 200, {
      "content-type": edoc.mediaType,
      "content-disposition": `attachment; filename="${edoc.fileName.replace(/[^\w.-]/g, "_")}"`,
      "x-content-sha256": edoc.sha256,
    });
  });

  api.get("/activities", async (c) => c.json({ activities: await listQueue(db(c), actor(c)) }));
  api.post("/activities", jsonLimit, async (c) => {
    const activity = await createActivity(db(c), actor(c), await json<CreateActivityInput>(c));
    return c.json({ activity }, 201);
  });
  api.post("/activities/:id/take", async (c) =>
    c.json({ activity: await takeActivity(db(c), actor(c), c.req.param("id")) }),
  );
  api.post("/activities/:id/reassign", jsonLimit, async (c) =>
    c.json({ activity: await reassignActivity(db(c), actor(c), c.req.param("id"), await readJson(c)) }),
  );
  api.post("/activities/:id/complete", jsonLimit, async (c) => {
    const input = c.req.header("content-length") === "0" ? {} : await readJson(c).catch(() => ({}));
    return c.json({ activity: await completeActivity(db(c), actor(c), c.req.param("id"), input) });
  });
  api.post("/activities/:id/cancel", async (c) =>
    c.json({ activity: await cancelActivity(db(c), actor(c), c.req.param("id")) }),
  );

  api.get("/offices", async (c) => c.json({ offices: await listOffices(db(c)) }));
  api.post("/offices", jsonLimit, async (c) => {
    const office = await createOffice(db(c), actor(c), await json<CreateOfficeInput>(c));
    return c.json({ office }, 201);
  });
  api.patch("/offices/:code", jsonLimit, async (c) => {
    const office = await updateOffice(db(c), actor(c), c.req.param("code"), await json<UpdateOfficeInput>(c));
    return c.json({ office });
  });
  api.post("/users", jsonLimit, async (c) => {
    const user = await addUser(db(c), actor(c), await json<AddUserInput>(c));
    return c.json({ user }, 201);
  });
  api.get("/audit/verify", async (c) => {
    assertAdministrator(actor(c));
    return c.json(await verifyAuditChain(db(c)));
  });

  return api;
}
