// node-smpp 0.5.1 (farhadi/node-smpp) as a TLS ESME: connects to ssmpp://127.0.0.1:$PORT
// trusting the certificate in $CA for the name "localhost", binds a transceiver, submits
// one submit_sm with registered_delivery, answers the receipt deliver_sm, unbinds, and
// prints what it saw as one JSON line. Run by smpp/tests/tokio_tls.rs.
'use strict';
const fs = require('fs');
const smpp = require(process.env.NODE_SMPP);
const out = { bound: false, resp_status: null, message_id: null, receipt: null, esm_class: null };
const done = (code) => { console.log(JSON.stringify(out)); process.exit(code); };
setTimeout(() => { out.error = 'timeout'; done(1); }, 15000);
const session = smpp.connect({
  url: 'ssmpp://127.0.0.1:' + process.env.PORT,
  ca: [fs.readFileSync(process.env.CA)],
  servername: 'localhost',
}, () => {
  session.bind_transceiver({ system_id: 'node-tls', password: 'secret' }, (pdu) => {
    out.bound = pdu.command_status === 0;
    session.submit_sm({
      source_addr: '12345', destination_addr: '447700900123',
      registered_delivery: 1, short_message: 'over tls',
    }, (r) => { out.resp_status = r.command_status; out.message_id = r.message_id; });
  });
});
session.on('deliver_sm', (pdu) => {
  const sm = pdu.short_message;
  out.receipt = sm && sm.message !== undefined ? String(sm.message) : String(sm);
  out.esm_class = pdu.esm_class;
  session.send(pdu.response());
  session.unbind(() => { session.close(); done(0); });
});
session.on('error', (e) => { out.error = String(e && e.message || e); done(1); });
