import assert from "node:assert/strict";
import { test } from "node:test";
import { detectEnquiryLanguage } from "../../src/enquiries/detect-enquiry-language.ts";

test("a French enquiry is answered in French", () => {
  const detected = detectEnquiryLanguage(
    "Bonjour Madame, Monsieur,\nJe n'ai toujours pas reçu de réponse à ma demande de permis d'études. Merci de votre aide.",
  );
  assert.equal(detected.language, "fr");
  assert.ok(detected.counts.fr > detected.counts.en);
});

test("an English enquiry is answered in English", () => {
  const detected = detectEnquiryLanguage(
    "Dear Sir or Madam, I applied for a study permit in March and I have not received any update. Please advise.",
  );
  assert.equal(detected.language, "en");
  assert.match(detected.reason, /English/);
});

test("accents do not matter: French typed without them is still French", () => {
  assert.equal(
    detectEnquiryLanguage("je n ai pas recu de reponse pour mon dossier depuis mai").language,
    "fr",
  );
});

test("a message with no telling words takes the default, which the caller chooses", () => {
  assert.equal(detectEnquiryLanguage("V000012345").language, "en");
  const detected = detectEnquiryLanguage("V000012345 — 1987-04-12", "fr");
  assert.equal(detected.language, "fr");
  assert.match(detected.reason, /default/);
});

test("a mostly French message quoting one English line stays French", () => {
  const detected = detectEnquiryLanguage(
    "Bonjour, je vous écris au sujet du dossier de ma fille. Votre courriel disait : « Thank you for your application ». Je suis toujours sans nouvelles.",
  );
  assert.equal(detected.language, "fr");
});
