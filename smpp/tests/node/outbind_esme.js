// node-smpp 0.5.1 (farhadi/node-smpp) as an ESME waiting for outbind (SMPP 3.4 §4.1.7):
// listens on 127.0.0.1:$PORT; on outbind from "RUSTSMSC" with password "obpw" it binds
// a receiver as "node"/"pw" (any other outbind is logged and not answered), answers each
// deliver_sm with deliver_sm_resp and unbind with unbind_resp. Prints one JSON line per
// event. Run by smpp/tests/tokio_outbind.rs.
'use strict';
const smpp = require(process.env.NODE_SMPP);
const log = (o) => console.log(JSON.stringify(o));
setTimeout(() => process.exit(2), 20000);
const server = smpp.createServer((session) => {
  session.on('outbind', (pdu) => {
    const ok = pdu.system_id === 'RUSTSMSC' && pdu.password === 'obpw';
    log({ event: 'outbind', system_id: pdu.system_id, ok });
    if (!ok) { session.close(); return; }
    session.bind_receiver({ system_id: 'node', password: 'pw' },
      (r) => log({ event: 'bound', status: r.command_status, system_id: r.system_id }));
  });
  session.on('deliver_sm', (pdu) => {
    const sm = pdu.short_message;
    log({ event: 'deliver_sm', text: String(sm && sm.message !== undefined ? sm.message : sm) });
    session.send(pdu.response());
  });
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('unbind', (pdu) => { log({ event: 'unbind' }); session.send(pdu.response()); });
  session.on('error', (e) => log({ event: 'error', error: String(e && e.message || e) }));
});
server.listen(+process.env.PORT, '127.0.0.1', () => log({ event: 'listening' }));
