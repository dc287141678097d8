// Times ajv (draft 2020-12, default options) validating a whole packet as a
// Node.js vendor would, schema only: JSON.parse, then the envelope schema and
// every record with its kind's schema. Usage:
//   node ajv-bench.cjs SCHEMA_DIR PACKET.json N
// compiles every *.schema.json of SCHEMA_DIR, validates the packet N times
// and prints {"validator", "n", "valid", "nsPerOp", "parseNsPerOp",
// "cpuNsPerOp"}: the time of one validation (parse included), of its
// JSON.parse alone, and the CPU time of one validation. Compiling is not
// timed: a server compiles once.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020");

const [dir, file, n] = [process.argv[2], process.argv[3], Number(process.argv[4] || 1)];
const ajv = new Ajv2020();
let prefix = "";
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".schema.json"))) {
  const s = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
  ajv.addSchema(s);
  if (f === "goitin.schema.json") prefix = s.$id.slice(0, -"goitin".length);
}
const envelope = ajv.getSchema(prefix + "goitin");
const records = {
  HOSO: "hoso", CHIASE_HOSO: "hoso", BIENDONG: "biendong", DOIKHOP: "ketquadoikhop", PHANHOI: "ketquaxuly",
};
const text = fs.readFileSync(file, "utf8");
const validate = () => {
  const doc = JSON.parse(text);
  const record = ajv.getSchema(prefix + records[doc.ThongTinGoiTin.LoaiGoiTin]);
  let valid = envelope(doc);
  for (const r of doc.DuLieu) valid = record(r) && valid;
  return valid;
};
validate(); // compiles the schemas and warms the JIT
let valid = true;
let parse = 0n;
for (let i = 0; i < n; i++) {
  const p0 = process.hrtime.bigint();
  JSON.parse(text);
  parse += process.hrtime.bigint() - p0;
}
const cpu0 = process.cpuUsage();
const t1 = process.hrtime.bigint();
for (let i = 0; i < n; i++) valid = validate() && valid;
const t2 = process.hrtime.bigint();
const cpu = process.cpuUsage(cpu0);
const total = Number(t2 - t1) / n;
process.stdout.write(JSON.stringify({
  validator: `ajv ${require("ajv/package.json").version}`,
  n,
  valid,
  nsPerOp: Math.round(total),
  parseNsPerOp: Math.round(Number(parse) / n),
  cpuNsPerOp: Math.round(((cpu.user + cpu.system) * 1000) / n),
}) + "\n");
