// Loads the npm `smpp` package (farhadi/node-smpp 0.5.1) installed by interop/install.sh in
// $INTEROP_RT (default /opt/sms-interop), outside the repo.
'use strict';
const path = require('path');
const fs = require('fs');
const root = process.env.INTEROP_RT || '/opt/sms-interop';
const dir = path.join(root, 'node_modules', 'smpp');
if (!fs.existsSync(path.join(dir, 'package.json'))) {
  process.stderr.write(`npm package smpp not found in ${dir}: run interop/install.sh\n`);
  process.exit(3);
}
module.exports = {
  smpp: require(dir),
  PDU: require(path.join(dir, 'lib', 'pdu')).PDU,
  defs: require(path.join(dir, 'lib', 'defs')),
};
