// Validates JSON instances with ajv (draft 2020-12, default options), as a
// Node.js vendor would. Usage: node ajv.cjs SCHEMA.json... < jobs.json,
// where jobs.json is [{"schema": "<$id>", "file": "<instance path>"}, …].
// Prints {"validator": "ajv <version>", "results": [{"valid": true|false,
// "errors": ["<pointer>: <message>", …]}, …]}, one result per job, in order.
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");

const ajv = new Ajv2020();
for (const file of process.argv.slice(2)) {
  ajv.addSchema(JSON.parse(fs.readFileSync(file, "utf8")));
}
const jobs = JSON.parse(fs.readFileSync(0, "utf8"));
const results = jobs.map(({ schema, file }) => {
  const validate = ajv.getSchema(schema);
  if (!validate) {
    throw new Error(`no schema ${schema}`);
  }
  let instance;
  try {
    instance = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    return { valid: false, errors: [`not JSON: ${e.message}`] };
  }
  const valid = validate(instance);
  return {
    valid,
    errors: valid ? [] : validate.errors.map((e) => `${e.instancePath}: ${e.message}`),
  };
});
const validator = `ajv ${require("ajv/package.json").version}`;
process.stdout.write(JSON.stringify({ validator, results }) + "\n");
