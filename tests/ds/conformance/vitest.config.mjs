// Lets `npx @durable-streams/server-conformance-tests --run <url>` find its own test file:
// its CLI hands vitest a file under node_modules, which vitest excludes by default (and
// the file is not named *.test.js), so run the CLI from this folder.
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../..", import.meta.url))

export default {
  test: {
    root,
    include: ["node_modules/@durable-streams/server-conformance-tests/dist/test-runner.js"],
    exclude: [],
    // vitest's own whole-test limit (5 s by default), not the suite's: its property-based
    // tests send hundreds of requests one after another, which a loaded 2-core machine does
    // not finish in 5 s. Every request keeps the suite's own timeouts.
    testTimeout: 30000,
  },
}
