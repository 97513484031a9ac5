import type { IdentityModel } from "./identity-model.ts";

/**
 * Configured m and u probabilities, used until `--estimate` fits them to the data. The m values are
 * how often applicants who are already clients show each level (typing, OCR and transliteration
 * errors, a renewed passport, a move); the u values are how often two different people show it by
 * chance (for names these are replaced by the names' frequencies among the clients on file).
 * Country of birth, city and street agree far more often between people who share a name than
 * between random people (names run in countries), so their u is set high: counted as if independent
 * of the names, they would count the same evidence twice.
 * Each field's m values add up to 1, and so do its u values.
 */
export const DEFAULT_IDENTITY_MODEL: IdentityModel = {
  fields: [
    {
      field: "givenName",
      termFrequency: true,
      levels: [
        { level: "exact", m: 0.8, u: 0.004 },
        { level: "variant", m: 0.03, u: 0.0005 },
        { level: "compound", m: 0.03, u: 0.001 },
        { level: "jaro-winkler-0.94", m: 0.08, u: 0.001 },
        { level: "phonetic", m: 0.02, u: 0.003 },
        { level: "jaro-winkler-0.88", m: 0.03, u: 0.006 },
        { level: "different", m: 0.01, u: 0.9845 },
      ],
    },
    {
      field: "familyName",
      termFrequency: true,
      levels: [
        { level: "exact", m: 0.8, u: 0.002 },
        { level: "variant", m: 0.02, u: 0.0002 },
        { level: "compound", m: 0.04, u: 0.0005 },
        { level: "jaro-winkler-0.94", m: 0.08, u: 0.0005 },
        { level: "phonetic", m: 0.02, u: 0.002 },
        { level: "jaro-winkler-0.88", m: 0.028, u: 0.004 },
        { level: "different", m: 0.012, u: 0.9908 },
      ],
    },
    {
      field: "dateOfBirth",
      termFrequency: true,
      levels: [
        { level: "exact", m: 0.915, u: 0.00005 },
        { level: "transposed-day-month", m: 0.035, u: 0.00002 },
        { level: "adjacent-day", m: 0.03, u: 0.00011 },
        { level: "one-digit-off", m: 0.01, u: 0.0015 },
        { level: "same-year", m: 0.002, u: 0.016 },
        { level: "different", m: 0.008, u: 0.98232 },
      ],
    },
    {
      field: "sex",
      levels: [
        { level: "exact", m: 0.99, u: 0.5 },
        { level: "different", m: 0.01, u: 0.5 },
      ],
    },
    {
      field: "countryOfBirth",
      levels: [
        { level: "exact", m: 0.996, u: 0.25 },
        { level: "different", m: 0.004, u: 0.75 },
      ],
    },
    {
      field: "documentNumber",
      levels: [
        { level: "exact", m: 0.6, u: 0.0000001 },
        { level: "edit-distance-1", m: 0.08, u: 0.000001 },
        { level: "edit-distance-2", m: 0.04, u: 0.00001 },
        { level: "different", m: 0.28, u: 0.9999889 },
      ],
    },
    {
      field: "street",
      levels: [
        { level: "exact", m: 0.5, u: 0.0002 },
        { level: "jaro-winkler-0.9", m: 0.05, u: 0.01 },
        { level: "different", m: 0.45, u: 0.9898 },
      ],
    },
    {
      field: "city",
      levels: [
        { level: "exact", m: 0.6, u: 0.1 },
        { level: "jaro-winkler-0.9", m: 0.05, u: 0.02 },
        { level: "different", m: 0.35, u: 0.88 },
      ],
    },
    {
      field: "postalCode",
      levels: [
        { level: "exact", m: 0.5, u: 0.0005 },
        { level: "same-area", m: 0.1, u: 0.005 },
        { level: "different", m: 0.4, u: 0.9945 },
      ],
    },
    {
      field: "region",
      levels: [
        { level: "exact", m: 0.7, u: 0.1 },
        { level: "different", m: 0.3, u: 0.9 },
      ],
    },
    {
      // A household may share one address (a parent applies for the children), so u is not one in
      // millions. The mailbox name alone is mostly the person's name (maria.reyes at two providers):
      // it recurs between namesakes and adds little to names that already agree.
      field: "email",
      levels: [
        { level: "exact", m: 0.6, u: 0.000002 },
        { level: "same-local-part", m: 0.05, u: 0.02 },
        { level: "different", m: 0.35, u: 0.979998 },
      ],
    },
  ],
};
