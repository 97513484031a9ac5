import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PASSWORD } from "../support/fixtures.ts";
import { Agent, shownText, titleOf } from "./agent.ts";
import { openWebFixture } from "./fixtures.ts";

// A file of its own: in-process requests all come from one address, so the failures counted here
// would block every other sign-in of the same database for fifteen minutes.
let fixture: Awaited<ReturnType<typeof openWebFixture>>;
before(async () => {
  fixture = await openWebFixture();
});
after(() => fixture.database.close());

test("sign in and out; a wrong password is refused in the page's language, keeping the email", async () => {
  const visitor = new Agent(fixture.app);
  const page = await visitor.page("/sign-in?lang=fr");
  assert.equal(page.status, 200);
  assert.match(page.html, /<html lang="fr">/);
  assert.equal(titleOf(page.html), "Se connecter à Dossier — Dossier");

  await visitor.signIn("ana@dossier.test");
  const queue = await visitor.page("/");
  assert.equal(queue.status, 200);
  const out = await visitor.post("/sign-out", {});
  assert.equal(out.status, 303);
  assert.equal(out.headers.get("location"), "/sign-in");
  const after = await visitor.get("/");
  assert.equal(after.status, 303, "the session is gone");
});

test("the sixth failed sign-in in a row gets the 429 page, even with the right password", async () => {
  const visitor = new Agent(fixture.app);
  await visitor.page("/sign-in?lang=en");
  for (let i = 1; i <= 5; i++) {
    const response = await visitor.post("/sign-in", { email: "liam@dossier.test", password: `guess ${i}` });
    assert.equal(response.status, 401, `try ${i}`);
    const html = await response.text();
    assert.ok(shownText(html).includes("The email or password is not right."));
    assert.match(html, /name="email"[^>]*value="liam@dossier.test"/);
  }
  const sixth = await visitor.post("/sign-in", {
    email: "liam@dossier.test",
    password: "correct horse battery",
  });
  assert.equal(sixth.status, 429);
  const html = await sixth.text();
  assert.equal(titleOf(html), "Too many attempts — Sign in to Dossier — Dossier");
  assert.ok(shownText(html).includes("Too many failed sign-ins. Wait 15 minutes before trying again."));
  assert.ok(!(sixth.headers.get("set-cookie") ?? "").includes("dossier_session="), "no session is opened");

  const french = await visitor.post("/sign-in?lang=fr", { email: "liam@dossier.test", password: "x" });
  assert.equal(french.status, 429);
  assert.ok(
    shownText(await french.text()).includes(
      "Trop de tentatives de connexion. Attendez 15 minutes avant de réessayer.",
    ),
  );
});

test("a sign-in form posted without its token (a forged cross-site sign-in) is refused", async () => {
  const visitor = new Agent(fixture.app);
  await visitor.page("/sign-in?lang=en");
  const forged = await visitor.post(
    "/sign-in",
    { email: "ana@dossier.test", password: PASSWORD },
    { csrf: false },
  );
  assert.equal(forged.status, 403);
  assert.ok(!(forged.headers.get("set-cookie") ?? "").includes("dossier_session="), "no session is opened");
});
