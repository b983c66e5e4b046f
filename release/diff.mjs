// Compares two OpenAPI documents (JSON files) with api-smart-diff and prints its diffs as JSON.
// Called by release/gate.py, which reads the YAML and classifies what this prints.
import { readFileSync } from "node:fs";
import { apiCompare } from "api-smart-diff";

const [before, after] = process.argv.slice(2).map((path) => JSON.parse(readFileSync(path, "utf8")));
const { diffs } = apiCompare(before, after);
const plain = diffs.map(({ action, path, before, after, type, description }) => ({
  action, path, before, after, type, description,
}));
process.stdout.write(JSON.stringify(plain));
