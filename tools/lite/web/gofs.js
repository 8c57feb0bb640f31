// Pipes for Go on WebAssembly, and the process's own stdout and stderr.
//
// GOOS=js has no pipes: its os package reads and writes files through the
// JavaScript object globalThis.fs (Node.js's fs, or the stand-in of
// wasm_exec.js in a browser). The engine captures a cell's output through
// a pair of pipes, so this adds them to that object: opening
// /dev/nbcheck-pipe/N/r and /dev/nbcheck-pipe/N/w gives the two ends of pipe
// N. What is written to the process's own stdout and stderr (fds 1 and 2)
// goes to onStd(fd, text).
"use strict";

globalThis.installGoPipes = (fs, onStd) => {
  const pipePath = /^\/dev\/nbcheck-pipe\/(\d+)\/([rw])$/;
  const pipes = new Map(); // pipe number -> {chunks, reader, closed}
  const ends = new Map(); // fd -> {pipe, end}
  let nextFD = 1000;
  const decoders = { 1: new TextDecoder(), 2: new TextDecoder() };
  const orig = {};
  for (const name of ["open", "close", "read", "write", "fstat", "writeSync"]) {
    orig[name] = fs[name] && fs[name].bind(fs);
  }
  const error = (code) => Object.assign(new Error(code), { code });

  // serve hands a waiting reader what the pipe holds, or EOF once closed.
  const serve = (p) => {
    const r = p.reader;
    if (!r || (p.chunks.length === 0 && !p.closed)) {
      return;
    }
    p.reader = null;
    let n = 0;
    while (p.chunks.length > 0 && n < r.length) {
      const c = p.chunks[0];
      const k = Math.min(c.length, r.length - n);
      r.buf.set(c.subarray(0, k), r.offset + n);
      n += k;
      if (k === c.length) {
        p.chunks.shift();
      } else {
        p.chunks[0] = c.subarray(k);
      }
    }
    r.callback(null, n);
  };

  fs.open = (path, flags, mode, callback) => {
    const m = pipePath.exec(path);
    if (!m) {
      return orig.open(path, flags, mode, callback);
    }
    if (!pipes.has(m[1])) {
      pipes.set(m[1], { chunks: [], reader: null, closed: false });
    }
    const fd = nextFD++;
    ends.set(fd, { pipe: pipes.get(m[1]), end: m[2] });
    callback(null, fd);
  };
  fs.fstat = (fd, callback) => {
    if (!ends.has(fd)) {
      return orig.fstat(fd, callback);
    }
    const zero = { dev: 0, ino: fd, mode: 0o10600, nlink: 1, uid: 0, gid: 0, rdev: 0, size: 0, blksize: 4096, blocks: 0, atimeMs: 0, mtimeMs: 0, ctimeMs: 0 };
    callback(null, { ...zero, isDirectory: () => false });
  };
  fs.close = (fd, callback) => {
    const e = ends.get(fd);
    if (!e) {
      return orig.close(fd, callback);
    }
    ends.delete(fd);
    if (e.end === "w") {
      e.pipe.closed = true;
      serve(e.pipe);
    }
    callback(null);
  };
  fs.read = (fd, buf, offset, length, position, callback) => {
    const e = ends.get(fd);
    if (!e) {
      return orig.read(fd, buf, offset, length, position, callback);
    }
    if (e.end !== "r") {
      return callback(error("EBADF"));
    }
    e.pipe.reader = { buf, offset, length, callback };
    serve(e.pipe);
  };
  fs.write = (fd, buf, offset, length, position, callback) => {
    const e = ends.get(fd);
    if (e) {
      if (e.end !== "w") {
        return callback(error("EBADF"));
      }
      // An empty write adds nothing: a read that answers 0 bytes is the
      // end of the pipe for Go.
      if (length > 0) {
        e.pipe.chunks.push(buf.slice(offset, offset + length));
        serve(e.pipe);
      }
      return callback(null, length);
    }
    if ((fd === 1 || fd === 2) && onStd) {
      onStd(fd, decoders[fd].decode(buf.subarray(offset, offset + length), { stream: true }));
      return callback(null, length);
    }
    return orig.write(fd, buf, offset, length, position, callback);
  };
  fs.writeSync = (fd, buf) => {
    if ((fd === 1 || fd === 2) && onStd) {
      onStd(fd, decoders[fd].decode(buf, { stream: true }));
      return buf.length;
    }
    return orig.writeSync(fd, buf);
  };
};
