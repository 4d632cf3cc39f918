// Runs the language server under the V8 CPU profiler (NODE_OPTIONS cannot carry --cpu-prof) and writes the profile
// when the server exits: point an LSP client at this file instead of dist/server.js, e.g.
//   LspClient.start({ serverPath: 'scripts/bench/profile-server.cjs', … })
// then `node scripts/bench/profile.mjs $PROFILE_DIR/server-<pid>.cpuprofile`.
// SERVER_JS overrides the bundle (default dist/server.js), PROFILE_DIR the output folder (default the temp folder).
const inspector = require('node:inspector');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const out = process.env.PROFILE_DIR || os.tmpdir();
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 500 });
session.post('Profiler.start');
const exit = process.exit.bind(process);
process.exit = code => {
  session.post('Profiler.stop', (err, result) => {
    if (!err) {
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(path.join(out, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    }
    exit(code);
  });
};
require(process.env.SERVER_JS || path.join(__dirname, '..', '..', 'dist', 'server.js'));
