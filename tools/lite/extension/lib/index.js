// The Go kernel of the lessons in JupyterLite.
//
// The kernel runs in the page; the Go session runs in a Web Worker
// (static/go/worker.js next to this extension's files, put there by
// `go run ./tools/lite`): the notebooks' engine, compiled to WebAssembly.
// The kernel turns Jupyter's requests into messages to the worker and its
// answers into Jupyter's messages: streams as they are printed, then the
// cell's results, displays and error, then the reply.

import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { BaseKernel, IKernelClient, IKernelSpecs } from '@jupyterlite/kernel';

const NAME = 'go-notebooks-lite-kernel';

// How long a worker may take to answer a Stop before it is replaced: a
// cell that never waits (a loop of pure computation) never lets the
// worker read the interrupt, since the browser gives Go one thread.
const STOP_GRACE_MS = 3000;

// The folder of the worker's files.
function goFolder() {
  return URLExt.join(PageConfig.getOption('fullLabextensionsUrl'), NAME, 'static', 'go') + '/';
}

class GoKernel extends BaseKernel {
  constructor(options) {
    super(options);
    this._calls = new Map();
    this._nextCall = 1;
    this._startWorker();
  }

  get ready() {
    return this._ready;
  }

  dispose() {
    if (this.isDisposed) {
      return;
    }
    this._worker.terminate();
    super.dispose();
  }

  // _startWorker starts a worker and a session in it.
  _startWorker() {
    const started = performance.now();
    this._worker = new Worker(goFolder() + 'worker.js');
    this._ready = new Promise((resolve, reject) => {
      this._readyNow = resolve;
      this._failed = reject;
    });
    this._ready.then(() => {
      console.log(`Go kernel ready in ${Math.round(performance.now() - started)} ms`);
    });
    this._worker.onmessage = (e) => this._fromWorker(e.data);
    this._worker.onerror = (e) => this._failed(new Error(e.message));
  }

  _fromWorker(m) {
    switch (m.type) {
      case 'ready':
        this._readyNow();
        break;
      case 'failed':
        this._failed(new Error(m.error));
        this.stream({ name: 'stderr', text: `The Go kernel could not start: ${m.error}\n` });
        break;
      case 'stream':
        // Between cells, output goes to the last cell run, as on the kernel.
        this.stream({ name: m.name, text: m.text });
        break;
      case 'reply': {
        const done = this._calls.get(m.id);
        this._calls.delete(m.id);
        if (done) {
          done(m.value);
        }
        break;
      }
    }
  }

  // _call sends a request to the worker and returns its answer.
  _call(request) {
    const id = this._nextCall++;
    return new Promise((resolve) => {
      this._calls.set(id, resolve);
      this._worker.postMessage({ ...request, id });
    });
  }

  // interrupt asks the worker to stop the running cell. A worker that does
  // not answer in time is replaced: the cell ends with an error saying the
  // session was restarted.
  interrupt() {
    this._worker.postMessage({ type: 'interrupt' });
    const running = this._running;
    if (!running) {
      return;
    }
    setTimeout(() => {
      if (this._running !== running) {
        return;
      }
      this._worker.terminate();
      const why =
        'the cell never let the browser run anything else (a loop that never waits?): ' +
        'the Go session was restarted, and the variables of earlier cells are gone';
      for (const done of this._calls.values()) {
        done([{ type: 'error', ename: 'interrupted', evalue: why, traceback: ['interrupted: ' + why] }]);
      }
      this._calls.clear();
      this._startWorker();
    }, STOP_GRACE_MS);
  }

  async kernelInfoRequest() {
    return {
      status: 'ok',
      protocol_version: '5.3',
      implementation: 'go-notebooks-lite',
      implementation_version: '0.1.0',
      language_info: {
        name: 'go',
        version: '1.26',
        mimetype: 'text/x-go',
        file_extension: '.go',
        codemirror_mode: 'go',
        pygments_lexer: 'go',
        nbconvert_exporter: 'script',
      },
      banner:
        'Go in the browser: the lessons\' engine (yaegi) on WebAssembly. One thread (GOMAXPROCS is 1); ' +
        'no child processes, sockets or Python: for those, the full kernel (bash tools/open.sh).',
      help_links: [],
    };
  }

  async executeRequest(content) {
    const running = {};
    this._running = running;
    let outputs;
    try {
      outputs = await this._call({ type: 'execute', code: content.code });
    } finally {
      this._running = null;
    }
    let error = null;
    for (const o of outputs) {
      switch (o.type) {
        case 'execute_result':
          this.publishExecuteResult({ execution_count: this.executionCount, data: o.data, metadata: o.metadata || {} });
          break;
        case 'display_data':
          this.displayData({ data: o.data, metadata: o.metadata || {}, transient: {} });
          break;
        case 'error':
          error = { ename: o.ename, evalue: o.evalue, traceback: o.traceback || [] };
          this.publishExecuteError(error);
          break;
      }
    }
    if (error && content.stop_on_error === false) {
      // JupyterLab sends stop_on_error false for a cell tagged
      // raises-exception (an exercise's check): its error must not stop
      // the cells queued behind it. JupyterLite's kernel client cancels
      // them on any error reply, whatever stop_on_error says; so such a
      // request is answered ok. The cell still shows its error (published
      // above), and Run All goes on, as on a Jupyter server.
      return { status: 'ok', execution_count: this.executionCount, user_expressions: {}, payload: [] };
    }
    if (error) {
      return { status: 'error', execution_count: this.executionCount, ...error };
    }
    return { status: 'ok', execution_count: this.executionCount, user_expressions: {}, payload: [] };
  }

  async completeRequest(content) {
    const c = await this._call({ type: 'complete', code: content.code, cursor: content.cursor_pos });
    return { status: 'ok', matches: c.matches, cursor_start: c.cursor_start, cursor_end: c.cursor_end, metadata: {} };
  }

  async inspectRequest(content) {
    const i = await this._call({ type: 'inspect', code: content.code, cursor: content.cursor_pos });
    return { status: 'ok', found: i.found, data: i.data, metadata: {} };
  }

  async isCompleteRequest(content) {
    const status = await this._call({ type: 'isComplete', code: content.code });
    return status === 'incomplete' ? { status, indent: '' } : { status };
  }

  async commInfoRequest() {
    return { status: 'ok', comms: {} };
  }

  inputReply() {}

  async commOpen() {}

  async commMsg() {}

  async commClose() {}
}

const kernels = new Map();

const plugin = {
  id: `${NAME}:kernel`,
  autoStart: true,
  requires: [IKernelSpecs, IKernelClient],
  activate: (app, kernelspecs, kernelClient) => {
    kernelspecs.register({
      spec: {
        // The lessons' kernelspec: they open on this kernel as they are.
        name: 'gophernotes',
        display_name: 'Go (in the browser)',
        language: 'go',
        argv: [],
        resources: {
          'logo-32x32': '',
          'logo-64x64': '',
        },
      },
      create: async (options) => {
        const kernel = new GoKernel(options);
        kernels.set(kernel.id, kernel);
        kernel.disposed.connect(() => kernels.delete(kernel.id));
        return kernel;
      },
    });
    // JupyterLite's Stop only cancels the requests queued behind the
    // running one; the kernel is not told. This passes it on.
    const interrupt = kernelClient.interrupt.bind(kernelClient);
    kernelClient.interrupt = async (id) => {
      const kernel = kernels.get(id);
      if (kernel) {
        kernel.interrupt();
      }
      return interrupt(id);
    };
  },
};

export default [plugin];
