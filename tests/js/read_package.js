// Reads a Data Package over HTTP with datapackage-js (Frictionless JS), the way a browser tool or
// a Node script would: descriptor, every resource's rows typed by its schema, foreign keys
// resolved. Prints {resource: {rows, first}} as JSON; exits 1 with the errors otherwise.
const { Package } = require("datapackage");

async function main(url) {
  const pkg = await Package.load(url);
  if (!pkg.valid) throw new Error("descriptor: " + pkg.errors.map((e) => e.message).join("; "));
  const out = {};
  for (const resource of pkg.resources) {
    const rows = await resource.read({ keyed: true, relations: true });
    out[resource.name] = { rows: rows.length, first: rows[0] };
  }
  return out;
}

main(process.argv[2]).then(
  (out) => console.log(JSON.stringify(out)),
  (err) => {
    console.error(String(err && err.errors ? err.errors.map(String).join("; ") : err));
    process.exit(1);
  },
);
