// The Web Worker of the Go kernel in JupyterLite: it runs kernel.wasm (the
// notebooks' engine for GOOS=js GOARCH=wasm, tools/lite/wasm) and answers
// the kernel in the page (tools/lite/extension/lib/index.js).
//
// Requests: {type: "execute", id, code}, {type: "complete", id, code,
// cursor}, {type: "inspect", id, code, cursor}, {type: "isComplete", id,
// code}, {type: "interrupt"}. Messages to the page: {type: "ready"},
// {type: "failed", error}, {type: "stream", name, text}, {type: "reply",
// id, value}.
"use strict";

importScripts("gofs.js", "wasm_exec.js");

globalThis.installGoPipes(globalThis.fs, (fd, text) => {
  postMessage({ type: "stream", name: fd === 1 ? "stdout" : "stderr", text });
});
globalThis.goStream = (name, text) => postMessage({ type: "stream", name, text });

const ready = new Promise((resolve, reject) => {
  globalThis.goKernelReady = resolve;
  globalThis.goKernelFailed = (msg) => reject(new Error(msg));
});

async function start() {
  const go = new Go();
  go.env = { HOME: "/", GOMAXPROCS: "1" };
  go.exit = (code) => postMessage({ type: "failed", error: `the Go program exited (status ${code})` });
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(fetch("kernel.wasm"), go.importObject));
  } catch (err) {
    // A server that does not say application/wasm.
    const bytes = await (await fetch("kernel.wasm")).arrayBuffer();
    ({ instance } = await WebAssembly.instantiate(bytes, go.importObject));
  }
  go.run(instance);
  await ready;
}

start().then(
  () => postMessage({ type: "ready" }),
  (err) => postMessage({ type: "failed", error: String(err && err.message ? err.message : err) }),
);

onmessage = async (e) => {
  const m = e.data;
  if (m.type === "interrupt") {
    if (globalThis.goKernel) {
      globalThis.goKernel.interrupt();
    }
    return;
  }
  await ready;
  const k = globalThis.goKernel;
  const reply = (value) => postMessage({ type: "reply", id: m.id, value });
  switch (m.type) {
    case "execute":
      k.execute(m.code, (json) => reply(JSON.parse(json)));
      break;
    case "complete":
      reply(JSON.parse(k.complete(m.code, m.cursor)));
      break;
    case "inspect":
      reply(JSON.parse(k.inspect(m.code, m.cursor)));
      break;
    case "isComplete":
      reply(k.isComplete(m.code));
      break;
  }
};
