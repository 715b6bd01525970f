// node-smpp 0.5.1 (farhadi/node-smpp) as a TLS SMSC: smpp.createServer({key, cert}) on
// $PORT with the key and certificate in $KEY and $CERT. Accepts bind_transceiver of
// system_id "rust"/"secret" (else ESME_RINVPASWD), answers submit_sm with message_id
// "node-1" and then sends a delivery receipt deliver_sm (esm_class 0x04, SMPP 3.4
// Appendix B text); prints one JSON line per event. Run by smpp/tests/tokio_tls.rs.
'use strict';
const fs = require('fs');
const smpp = require(process.env.NODE_SMPP);
const log = (o) => console.log(JSON.stringify(o));
setTimeout(() => process.exit(2), 20000);
const server = smpp.createServer({
  key: fs.readFileSync(process.env.KEY), cert: fs.readFileSync(process.env.CERT),
}, (session) => {
  session.on('bind_transceiver', (pdu) => {
    const ok = pdu.system_id === 'rust' && pdu.password === 'secret';
    log({ event: 'bind', system_id: pdu.system_id, ok });
    session.send(pdu.response({ command_status: ok ? 0 : smpp.ESME_RINVPASWD, system_id: 'NODETLS' }));
  });
  session.on('submit_sm', (pdu) => {
    const text = String(pdu.short_message.message !== undefined ? pdu.short_message.message : pdu.short_message);
    log({ event: 'submit_sm', text });
    session.send(pdu.response({ message_id: 'node-1' }));
    session.deliver_sm({
      source_addr: '447700900123', destination_addr: '12345', esm_class: 4,
      short_message: 'id:node-1 sub:001 dlvrd:001 submit date:2512070300 done date:2512070300 stat:DELIVRD err:000 text:' + text.slice(0, 20),
    }, (r) => log({ event: 'receipt_acked', status: r.command_status }));
  });
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('unbind', (pdu) => { log({ event: 'unbind' }); session.send(pdu.response()); session.close(); });
  session.on('error', (e) => log({ event: 'error', error: String(e && e.message || e) }));
});
server.listen(+process.env.PORT, '127.0.0.1', () => log({ event: 'listening' }));
