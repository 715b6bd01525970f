#!/usr/bin/env node
// Scenario (c) peer: an SMSC built on node-smpp's server, for `sms send` to talk to.
//
// Usage: node smsc_node.js --port P --user ID:PW [--dlr-delay MS] [--max-runtime S]
// Listens on 127.0.0.1 only. Checks binds (ESME_RINVPASWD / ESME_RINVSYSID), answers
// submit_sm with a message id, and when registered_delivery asks (bits 0-1 = 1) sends a
// delivery receipt: deliver_sm, esm_class 0x04, the SMPP v3.4 Appendix B text and the
// receipted_message_id + message_state TLVs. Answers enquire_link and unbind; anything else
// gets generic_nack / ESME_RINVCMDID. Logs one JSON line per PDU in and out on stdout
// ({"dir","command","seq","status","fields"}, and the raw "hex" of PDUs in); exits after --max-runtime (default 120 s).
'use strict';
const { smpp, PDU } = require('./node_smpp');

// Keep the raw octets of every PDU node-smpp parses, so the log can carry them.
const fromBuffer = PDU.prototype.fromBuffer;
PDU.prototype.fromBuffer = function (buf) {
  Object.defineProperty(this, '_hex', { value: buf.toString('hex'), enumerable: false, writable: true });
  return fromBuffer.call(this, buf);
};

const opt = { port: 0, users: [], dlrDelay: 100, maxRuntime: 120 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const v = () => argv[++i];
  switch (argv[i]) {
    case '--port': opt.port = parseInt(v(), 10); break;
    case '--user': { const s = v(); const k = s.indexOf(':'); opt.users.push([s.slice(0, k), s.slice(k + 1)]); break; }
    case '--dlr-delay': opt.dlrDelay = parseInt(v(), 10); break;
    case '--max-runtime': opt.maxRuntime = parseFloat(v()); break;
    default: process.stderr.write(`smsc_node: unknown argument ${argv[i]}\n`); process.exit(2);
  }
}
if (!opt.port || !opt.users.length) { process.stderr.write('smsc_node: --port and --user are required\n'); process.exit(2); }

function log(o) {
  process.stdout.write(JSON.stringify(o, (k, v) => (v && v.type === 'Buffer' && Array.isArray(v.data)) ? Buffer.from(v.data).toString('hex') : v) + '\n');
}
function fields(pdu) {
  const o = {};
  for (const k of Object.keys(pdu)) {
    if (['command_length', 'command_id', 'command_status', 'sequence_number', 'command'].includes(k)) continue;
    let v = pdu[k];
    if (k === 'short_message' && v && v.message !== undefined) {
      v = { udh: v.udh ? v.udh.map((b) => Buffer.from(b).toString('hex')) : null, message: Buffer.isBuffer(v.message) ? v.message.toString('hex') : v.message };
    }
    o[k] = v;
  }
  return o;
}
function stamp(d) {
  const p = (x) => String(x).padStart(2, '0');
  return p(d.getUTCFullYear() % 100) + p(d.getUTCMonth() + 1) + p(d.getUTCDate()) + p(d.getUTCHours()) + p(d.getUTCMinutes());
}

let nextId = 1;
const server = smpp.createServer((session) => {
  let bound = null;
  session.on('send', (pdu) => log({ dir: 'out', command: pdu.command, seq: pdu.sequence_number, status: pdu.command_status, fields: fields(pdu) }));
  session.on('error', (e) => log({ event: 'error', error: String(e && e.message || e) }));
  session.on('pdu', (pdu) => {
    log({ dir: 'in', command: pdu.command, command_id: pdu.command, seq: pdu.sequence_number, status: pdu.command_status, fields: fields(pdu), hex: pdu._hex });
    const cmd = pdu.command;
    if (cmd === 'bind_transmitter' || cmd === 'bind_receiver' || cmd === 'bind_transceiver') {
      const u = opt.users.find(([id]) => id === pdu.system_id);
      if (!u || u[1] !== pdu.password) {
        session.send(pdu.response({ command_status: u ? smpp.ESME_RINVPASWD : smpp.ESME_RINVSYSID }));
        setTimeout(() => session.close(), 50);
        return;
      }
      bound = cmd;
      session.send(pdu.response({ system_id: 'NODESMSC' }));
      return;
    }
    if (pdu.isResponse()) return;
    if (cmd === 'enquire_link') { session.send(pdu.response()); return; }
    if (cmd === 'unbind') { session.send(pdu.response(), () => setTimeout(() => session.close(), 20)); bound = null; return; }
    if (!bound) { session.send(pdu.response({ command_status: smpp.ESME_RINVBNDSTS })); return; }
    if (cmd === 'submit_sm') {
      const id = String(nextId++).padStart(10, '0');
      const submitted = new Date();
      session.send(pdu.response({ message_id: id }));
      if (((pdu.registered_delivery || 0) & 3) === 1 && bound !== 'bind_transmitter') {
        setTimeout(() => {
          const text = `id:${id} sub:001 dlvrd:001 submit date:${stamp(submitted)} done date:${stamp(new Date())} stat:DELIVRD err:000 text:`;
          session.send(new PDU('deliver_sm', {
            source_addr_ton: pdu.dest_addr_ton, source_addr_npi: pdu.dest_addr_npi, source_addr: pdu.destination_addr,
            dest_addr_ton: pdu.source_addr_ton, dest_addr_npi: pdu.source_addr_npi, destination_addr: pdu.source_addr,
            esm_class: 0x04, data_coding: 0, short_message: Buffer.from(text, 'latin1'),
            receipted_message_id: id, message_state: 2,
          }), (resp) => log({ event: 'receipt_acked', message_id: id, status: resp.command_status }));
        }, opt.dlrDelay);
      }
      return;
    }
    session.send(pdu.response({ command_status: smpp.ESME_RINVCMDID }));
  });
});
server.on('error', (e) => { log({ event: 'server_error', error: String(e.message || e) }); process.exit(3); });
server.listen(opt.port, '127.0.0.1', () => log({ event: 'listening', port: opt.port, pid: process.pid }));
setTimeout(() => { log({ event: 'max_runtime' }); process.exit(0); }, opt.maxRuntime * 1000).unref();
process.on('SIGTERM', () => { log({ event: 'sigterm' }); process.exit(0); });
