// node-smpp 0.5.1 (farhadi/node-smpp) as an SMSC that initiates (SMPP 3.4 §4.1.7): it
// connects to the ESME listening on 127.0.0.1:$PORT, sends outbind with system_id
// "NODESMSC" and password $OB_PASSWORD, accepts the ESME's bind_receiver /
// bind_transceiver of "rust"/"pw", delivers one MO deliver_sm, and answers unbind.
// Prints one JSON line per event. Run by smpp/tests/tokio_outbind.rs.
'use strict';
const smpp = require(process.env.NODE_SMPP);
const log = (o) => console.log(JSON.stringify(o));
setTimeout(() => process.exit(2), 15000);
const session = smpp.connect({ url: 'smpp://127.0.0.1:' + process.env.PORT }, () => {
  session.outbind({ system_id: 'NODESMSC', password: process.env.OB_PASSWORD });
  log({ event: 'outbind_sent' });
});
const onBind = (pdu) => {
  const ok = pdu.system_id === 'rust' && pdu.password === 'pw';
  log({ event: 'bind', command: pdu.command, system_id: pdu.system_id, ok });
  session.send(pdu.response({ command_status: ok ? 0 : smpp.ESME_RINVPASWD, system_id: 'NODESMSC' }));
  if (!ok) return;
  session.deliver_sm({ source_addr: '447700900123', destination_addr: '12345', short_message: 'MO after outbind' },
    (r) => log({ event: 'deliver_sm_resp', status: r.command_status }));
};
session.on('bind_receiver', onBind);
session.on('bind_transceiver', onBind);
session.on('enquire_link', (pdu) => session.send(pdu.response()));
session.on('unbind', (pdu) => { log({ event: 'unbind' }); session.send(pdu.response()); setTimeout(() => process.exit(0), 50); });
session.on('close', () => { log({ event: 'close' }); setTimeout(() => process.exit(0), 50); });
session.on('error', (e) => log({ event: 'error', error: String(e && e.message || e) }));
