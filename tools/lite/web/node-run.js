// Runs cells on the browser kernel's WebAssembly under Node.js, for tests:
//
//	node node-run.js kernel.wasm < requests.json
//
// requests.json is a list of {"code": ..., "interruptAfterMs": N} (the
// interrupt is optional). It prints one JSON line per cell: {"outputs":
// [...], "streams": [[name, text], ...], "ms": N}, then a line with the
// answers to the completion, inspection and is_complete requests given as
// {"complete": [code, cursor]}, {"inspect": [code, cursor]},
// {"isComplete": code}.
"use strict";

const fs = require("fs");
const path = require("path");
const dir = __dirname;
globalThis.require = require;
globalThis.fs = fs;
globalThis.path = path;
globalThis.TextEncoder = require("util").TextEncoder;
globalThis.TextDecoder = require("util").TextDecoder;
globalThis.performance ??= require("perf_hooks").performance;
globalThis.crypto ??= require("crypto");

require(path.join(dir, "gofs.js"));
require(process.env.WASM_EXEC);

let streams = [];
const late = [];
globalThis.installGoPipes(globalThis.fs, (fd, text) => { if (process.env.SHOW_LATE) process.stderr.write(text); late.push([fd === 1 ? "stdout" : "stderr", text]); });
globalThis.goStream = (name, text) => streams.push([name, text]);

const requests = JSON.parse(fs.readFileSync(0, "utf8"));
const ready = new Promise((resolve, reject) => {
  globalThis.goKernelReady = resolve;
  globalThis.goKernelFailed = (msg) => reject(new Error(msg));
});

const go = new Go();
go.env = { HOME: "/", GOMAXPROCS: "1", ...(process.env.GOGC ? { GOGC: process.env.GOGC } : {}), ...(process.env.GODEBUG ? { GODEBUG: process.env.GODEBUG } : {}) };
go.exit = (code) => { if (code !== 0) { console.error("exit", code); process.exit(code); } };
const start = Date.now();
WebAssembly.instantiate(fs.readFileSync(process.argv[2]), go.importObject).then(async (result) => {
  go.run(result.instance);
  await ready;
  console.log(JSON.stringify({ readyMs: Date.now() - start }));
  for (const r of requests) {
    if (r.code !== undefined) {
      streams = [];
      const t0 = Date.now();
      const done = new Promise((resolve) => globalThis.goKernel.execute(r.code, resolve));
      if (r.interruptAfterMs !== undefined) {
        setTimeout(() => globalThis.goKernel.interrupt(), r.interruptAfterMs);
      }
      const outputs = JSON.parse(await done);
      console.log(JSON.stringify({ outputs, streams, ms: Date.now() - t0 }));
    } else if (r.complete) {
      console.log(globalThis.goKernel.complete(...r.complete));
    } else if (r.inspect) {
      console.log(globalThis.goKernel.inspect(...r.inspect));
    } else if (r.isComplete !== undefined) {
      console.log(JSON.stringify(globalThis.goKernel.isComplete(r.isComplete)));
    } else if (r.waitMs) {
      await new Promise((resolve) => setTimeout(resolve, r.waitMs));
      console.log(JSON.stringify({ late: late.splice(0) }));
    }
  }
  process.exit(0);
}).catch((err) => { console.error(err); process.exit(1); });
