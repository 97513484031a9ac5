const VOWELS = "AEIOU";

/**
 * NYSIIS (New York State Identification and Intelligence System, Taft 1970), the phonetic code
 * record linkage uses for names: spellings that sound alike (Catherine, Kathryn) get one code, so a
 * misspelt name still lands in the same block and still counts as a partial agreement.
 *
 * @example nysiis("macintosh") // "MCANT"
 * @example nysiis("knight") // "NAGT"
 */
export function nysiis(name: string): string {
  let s = name.toUpperCase().replace(/[^A-Z]/g, "");
  if (s === "") return "";
  if (s.startsWith("MAC")) s = `MCC${s.slice(3)}`;
  else if (s.startsWith("KN")) s = s.slice(1);
  else if (s.startsWith("K")) s = `C${s.slice(1)}`;
  else if (s.startsWith("PH") || s.startsWith("PF")) s = `FF${s.slice(2)}`;
  else if (s.startsWith("SCH")) s = `SSS${s.slice(3)}`;
  if (s.endsWith("IE") || s.endsWith("EE")) s = `${s.slice(0, -2)}Y`;
  else if (/(DT|RT|RD|NT|ND)$/.test(s)) s = `${s.slice(0, -2)}D`;
  let key = s[0]!;
  let last = key;
  for (let i = 1; i < s.length; i++) {
    let ch = s[i]!;
    const next = s[i + 1];
    const prev = s[i - 1]!;
    if (ch === "E" && next === "V") {
      ch = "AF";
      i++;
    } else if (VOWELS.includes(ch)) ch = "A";
    else if (ch === "Q") ch = "G";
    else if (ch === "Z") ch = "S";
    else if (ch === "M") ch = "N";
    else if (ch === "K") ch = next === "N" ? "N" : "C";
    else if (ch === "S" && s.slice(i + 1, i + 3) === "CH") {
      ch = "SS";
      i += 2;
    } else if (ch === "P" && next === "H") {
      ch = "F";
      i++;
    } else if (ch === "H" && (!VOWELS.includes(prev) || next === undefined || !VOWELS.includes(next))) {
      ch = VOWELS.includes(prev) ? "A" : prev;
    } else if (ch === "W" && VOWELS.includes(prev)) ch = prev;
    if (ch[ch.length - 1] !== last) {
      key += ch;
      last = ch[ch.length - 1]!;
    }
  }
  if (key.endsWith("S") && key !== "S") key = key.slice(0, -1);
  if (key.endsWith("AY")) key = `${key.slice(0, -2)}Y`;
  if (key.endsWith("A") && key !== "A") key = key.slice(0, -1);
  return key;
}
