import assert from "node:assert/strict";
import { test } from "node:test";
import { allCommands, main } from "../../src/cli/main.ts";

test("every module's commands are the ones the list names, each once, with a summary and a usage", async () => {
  const commands = await allCommands();
  const names = commands.map((command) => command.path.join(" "));
  assert.equal(new Set(names).size, names.length, "no command is listed twice");
  for (const name of [
    "recourse",
    "identity link",
    "eta import",
    "export-file",
    "access-requests add",
    "evidence",
  ]) {
    assert.ok(names.includes(name), `${name} is a command`);
  }
  for (const command of commands) {
    assert.ok(command.summary.length > 10, `${command.path.join(" ")} has a summary`);
    assert.ok(command.usage.startsWith("dossier "), `${command.path.join(" ")}'s usage starts with dossier`);
  }
});

test("dossier --help lists every command; an unknown one exits 2 with the list", async (t) => {
  const printed: string[] = [];
  t.mock.method(console, "log", (text: string) => printed.push(text));
  t.mock.method(console, "error", (text: string) => printed.push(text));
  assert.equal(await main(["--help"]), 0);
  assert.match(printed[0] ?? "", /^ {2}recourse +list the recourse options after a decision/m);
  assert.equal(await main(["no-such-command"]), 2);
  assert.match(printed[1] ?? "", /^dossier: unknown command "no-such-command"\n\nUsage: dossier COMMAND/);
});
