/**
 * The note that stands in for a missing eDoc. Pure.
 *
 * Seed 000, "Alternative step 2": when the eDoc function fails, the officer pastes the sent email
 * (its content, date and time, and the address it went to) into a note on the application, and for
 * litigation "the note containing the date, time and content of the sent email as well as the
 * client's email address" may be printed instead of the eDoc.
 */

export interface NoteFact {
  id: string;
  body: string;
  createdAt: Date;
  authorLabel: string;
  correctsNoteId: string | null;
}

/**
 * A note qualifies when it names the address the email went to. Notes are never edited, so a note
 * that was corrected is read as its latest correction. Among several, one that also holds the
 * subject wins, then the one written closest to the send.
 *
 * @example findSentEmailNote(notes, { address: "anh.nguyen@example.com", subject: "Request for documents",
 *   sentAt: new Date("2026-03-02T15:04:00Z") }) // → the note pasted after that send, or null
 */
export function findSentEmailNote(
  notes: readonly NoteFact[],
  record: { address: string; subject: string; sentAt: Date },
): NoteFact | null {
  const correctionOf = new Map<string, NoteFact>();
  for (const note of notes) {
    if (!note.correctsNoteId) continue;
    const earlier = correctionOf.get(note.correctsNoteId);
    if (!earlier || note.createdAt.getTime() > earlier.createdAt.getTime())
      correctionOf.set(note.correctsNoteId, note);
  }
  const latest = (note: NoteFact): NoteFact => {
    const seen = new Set<string>();
    let current = note;
    for (
      let next = correctionOf.get(current.id);
      next && !seen.has(next.id);
      next = correctionOf.get(current.id)
    ) {
      seen.add(current.id);
      current = next;
    }
    return current;
  };
  const address = record.address.trim().toLowerCase();
  const subject = record.subject.trim().toLowerCase();
  const candidates = new Map<string, NoteFact>();
  for (const note of notes) {
    const current = latest(note);
    if (current.body.toLowerCase().includes(address)) candidates.set(current.id, current);
  }
  const distance = (n: NoteFact) => Math.abs(n.createdAt.getTime() - record.sentAt.getTime());
  const holdsSubject = (n: NoteFact) => (subject !== "" && n.body.toLowerCase().includes(subject) ? 0 : 1);
  return (
    [...candidates.values()].sort(
      (a, b) => holdsSubject(a) - holdsSubject(b) || distance(a) - distance(b),
    )[0] ?? null
  );
}
