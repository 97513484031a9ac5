/**
 * Spellings of one name that transliteration from Arabic, Cyrillic, Turkish and other scripts, or
 * an immigration form filled in by hand, commonly produce. Each row lists the spellings that stand
 * for one name; the first is the form the engine compares on. Data, not code: add a row to teach
 * the engine a new family of spellings (all lower case, no accents).
 */
export const NAME_VARIANT_GROUPS: readonly (readonly string[])[] = [
  [
    "muhammad",
    "mohammed",
    "mohamed",
    "mohammad",
    "muhammed",
    "mohamad",
    "muhamad",
    "mohamud",
    "mehmet",
    "mehmed",
    "mouhamed",
    "mohammod",
    "mhmd",
  ],
  ["ahmad", "ahmed", "ahmet", "ahmat", "achmad", "ahmd"],
  ["mahmoud", "mahmud", "mahmood", "mehmood"],
  ["mustafa", "mustapha", "moustafa", "mostafa"],
  ["yusuf", "youssef", "yousef", "yusef", "yousuf", "youcef", "yossef"],
  ["husayn", "hussein", "husein", "hussain", "husain", "hossein", "hosein", "huseyin"],
  ["hasan", "hassan", "hasen"],
  ["khalid", "khaled", "halid"],
  ["ibrahim", "ebrahim", "ibraheem", "ebrahem"],
  ["abd", "abdul", "abdel", "abdoul", "abdal"],
  ["umar", "omar", "omer", "umer"],
  ["uthman", "othman", "osman", "usman", "otman"],
  ["fatima", "fatimah", "fatma", "fatemeh"],
  ["aisha", "aicha", "ayesha", "aysha", "ayse"],
  [
    "alexander",
    "aleksandr",
    "aleksander",
    "alexandr",
    "alexandre",
    "oleksandr",
    "alesandro",
    "alessandro",
    "aleksandar",
  ],
  ["sergei", "sergey", "serguei", "serhiy", "serhii", "sergiy"],
  ["dmitri", "dmitry", "dmitrii", "dimitri", "dmytro"],
  ["yuri", "yury", "iouri", "yuriy", "jurij", "yurii"],
  ["mikhail", "mihail", "michail", "mykhailo"],
  ["nikolai", "nikolay", "nicolai", "mykola"],
  ["evgeny", "yevgeny", "evgeni", "yevgeniy", "evgenii", "yevhen"],
  ["andrei", "andrey", "andrii", "andriy"],
  ["alexei", "alexey", "aleksei", "aleksey", "oleksii", "oleksiy"],
  ["tatiana", "tatyana", "tatjana", "tetiana", "tetyana"],
  ["natalia", "natalya", "nataliya", "natalja"],
  ["elena", "yelena", "jelena", "olena"],
  ["ekaterina", "yekaterina", "katerina", "kateryna"],
  ["yulia", "julia", "iuliia", "yuliya", "yuliia"],
  ["olga", "olha"],
  ["tchaikovsky", "chaikovsky", "tschaikowsky", "czajkowski"],
  ["zhang", "chang", "cheung"],
  ["li", "lee"],
  ["huang", "hwang"],
  ["wang", "vong"],
];

/** Lower-case spelling → the first spelling of its row. */
export const NAME_VARIANTS: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const group of NAME_VARIANT_GROUPS) {
    const canonical = group[0]!;
    for (const spelling of group) if (!map.has(spelling)) map.set(spelling, canonical);
  }
  return map;
})();
