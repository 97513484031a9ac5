import assert from "node:assert/strict";
import { test } from "node:test";
import {
  accessRequestDueDate,
  actFor,
  checkExtension,
  daysLeft,
  privacyActLatestExtendedDate,
} from "../../src/access-requests/access-request-deadlines.ts";
import { loadHolidayCalendar } from "../../src/recourse/load-holiday-calendar.ts";

const calendar = await loadHolidayCalendar();

test("an answer is due 30 days after receipt; a weekend or a holiday moves it to the next working day", () => {
  assert.equal(accessRequestDueDate("2026-02-02", calendar), "2026-03-04"); // a Wednesday
  assert.equal(accessRequestDueDate("2026-02-05", calendar), "2026-03-09"); // Saturday 7 March → Monday
  assert.equal(accessRequestDueDate("2026-02-06", calendar), "2026-03-09"); // Sunday 8 March → Monday
  assert.equal(accessRequestDueDate("2026-12-15", calendar), "2027-01-14"); // over the year's end
  // Day 30 is Christmas (a Friday), then Boxing Day and a Sunday: due Monday 28 December.
  assert.equal(accessRequestDueDate("2026-11-25", calendar), "2026-12-28");
});

test("the applicant's own request is under the Privacy Act, anyone else's under the Access to Information Act", () => {
  assert.equal(actFor("applicant"), "privacy-act");
  assert.equal(actFor("representative"), "access-to-information-act");
  assert.equal(actFor("other"), "access-to-information-act");
});

const privacy = {
  act: "privacy-act" as const,
  receivedDate: "2026-02-02",
  dueDate: "2026-03-04",
  extendedDueDate: null as string | null,
};
const access = { ...privacy, act: "access-to-information-act" as const };

test("a Privacy Act extension gives at most 30 more days, moved past Easter like any deadline", () => {
  // Day 60 is Good Friday, 3 April 2026; the Saturday, Sunday and Easter Monday follow.
  assert.equal(privacyActLatestExtendedDate("2026-02-02", calendar), "2026-04-07");
  assert.deepEqual(
    checkExtension(privacy, { newDueDate: "2026-04-03", ground: "volume", today: "2026-02-20" }, calendar),
    {
      ok: true,
      provision: "Privacy Act s. 15(a)(i)",
      commissionerNoticeRequired: false,
    },
  );
  const tooLong = checkExtension(
    privacy,
    {
      newDueDate: "2026-04-08",
      ground: "volume",
      today: "2026-02-20",
    },
    calendar,
  );
  assert.equal(tooLong.ok, false);
  assert.equal(
    !tooLong.ok && tooLong.en,
    "newDueDate: the Privacy Act (s. 15) allows at most 30 more days: 2026-04-07 at the latest",
  );
});

test("an Access to Information Act extension over 30 days asks for a notice to the Information Commissioner", () => {
  const short = checkExtension(
    access,
    {
      newDueDate: "2026-04-03",
      ground: "consultation",
      today: "2026-02-20",
    },
    calendar,
  );
  assert.deepEqual(short, {
    ok: true,
    provision: "Access to Information Act s. 9(1)(b)",
    commissionerNoticeRequired: false,
  });
  const long = checkExtension(
    access,
    {
      newDueDate: "2026-05-15",
      ground: "third-party-notice",
      today: "2026-02-20",
    },
    calendar,
  );
  assert.deepEqual(long, {
    ok: true,
    provision: "Access to Information Act s. 9(1)(c)",
    commissionerNoticeRequired: true,
  });
});

test("an extension is refused on a ground its Act does not give, twice, after the time limit, or not later", () => {
  const refusal = (r: typeof privacy | typeof access, ask: Parameters<typeof checkExtension>[1]) => {
    const check = checkExtension(r, ask, calendar);
    return check.ok ? "allowed" : check.en;
  };
  assert.equal(
    refusal(privacy, { newDueDate: "2026-03-20", ground: "third-party-notice", today: "2026-02-20" }),
    "ground: third-party-notice is not a ground of the Privacy Act for an extension; use one of volume, consultation, translation",
  );
  assert.equal(
    refusal(
      { ...privacy, extendedDueDate: "2026-03-20" },
      { newDueDate: "2026-03-30", ground: "volume", today: "2026-02-20" },
    ),
    "newDueDate: the time limit was already extended to 2026-03-20; it is extended once",
  );
  assert.equal(
    refusal(privacy, { newDueDate: "2026-03-20", ground: "volume", today: "2026-03-05" }),
    "the time limit ended on 2026-03-04: an extension is decided within the first 30 days",
  );
  assert.equal(
    refusal(privacy, { newDueDate: "2026-03-04", ground: "volume", today: "2026-02-20" }),
    "newDueDate: must be after the current due date, 2026-03-04",
  );
});

test("days left count to the due date, negative once overdue", () => {
  assert.equal(daysLeft("2026-03-04", "2026-03-01"), 3);
  assert.equal(daysLeft("2026-03-04", "2026-03-04"), 0);
  assert.equal(daysLeft("2026-03-04", "2026-03-10"), -6);
});
