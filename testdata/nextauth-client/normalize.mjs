// Normalises email addresses with the real @auth/core: its default email
// normaliser (what Auth.js stores as the verification token's identifier
// and looks users up by) and the toLowerCase it applies to an OAuth
// profile's email. Reads one JSON string per line on stdin; prints one
// JSON object per line: {"authjs": "..."} or {"error": "..."}, and "oauth".
//
// Usage: node normalize.mjs < addresses.jsonl

import { readFileSync } from "node:fs";
// The normaliser is not exported by the package; import its module file.
import { defaultNormalizer } from "./node_modules/@auth/core/lib/actions/signin/send-token.js";

for (const line of readFileSync(0, "utf8").split("\n")) {
  if (line === "") continue;
  const address = JSON.parse(line);
  const out = { oauth: address.toLowerCase() };
  try {
    out.authjs = defaultNormalizer(address);
  } catch (e) {
    out.error = e.message;
  }
  console.log(JSON.stringify(out));
}
