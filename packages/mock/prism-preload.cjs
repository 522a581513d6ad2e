// Loaded into Prism's process with `node --require` by src/index.ts.
//
// Prism 5.14 copies parts of the request (the name of an unknown body field, say) into its sl-violations
// response header as they are. A character outside Latin-1 makes Node's setHeader throw, and that error kills
// Prism: one request would take the mock down (stoplightio/prism#1934, still open). The header is JSON text,
// so writing every non-ASCII character as a \uXXXX escape keeps its meaning and makes it a valid header.
"use strict";
const http = require("node:http");

const setHeader = http.ServerResponse.prototype.setHeader;
http.ServerResponse.prototype.setHeader = function setHeaderAsciiViolations(name, value) {
  if (typeof value === "string" && String(name).toLowerCase() === "sl-violations") {
    value = value.replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  }
  return setHeader.call(this, name, value);
};
