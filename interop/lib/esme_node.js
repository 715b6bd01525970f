#!/usr/bin/env node
// Scenario (b) peer: an ESME built on node-smpp's client, sending to `sms smsc`.
//
// Usage: node esme_node.js --port P --system-id ID --password PW --to N --text T
//          [--count K] [--window W] [--timeout S] [--long udh|sar|payload]
// Binds as transceiver; node-smpp has no splitting of its own, so a long text is split here
// (153 GSM-7 octets without cutting an escape pair, or 67 UCS-2 units without cutting a
// surrogate pair) with a concatenation UDH (05 00 03 ref n i), or with the
// sar_msg_ref_num / sar_total_segments / sar_segment_seqnum TLVs (--long sar), or sent whole
// in the message_payload TLV (--long payload). Text encoding (GSM 03.38 table / UCS-2) is
// node-smpp's. Keeps at most W submit_sm unanswered, waits for every response and one
// receipt per accepted part, unbinds, prints one JSON summary line; exit 0 only if complete.
'use strict';
const { smpp, defs } = require('./node_smpp');

const a = { port: 0, systemId: '', password: '', to: '', text: '', count: 1, window: 1, timeout: 20, long: 'udh' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const v = () => argv[++i];
  switch (argv[i]) {
    case '--port': a.port = parseInt(v(), 10); break;
    case '--system-id': a.systemId = v(); break;
    case '--password': a.password = v(); break;
    case '--to': a.to = v(); break;
    case '--text': a.text = v(); break;
    case '--count': a.count = parseInt(v(), 10); break;
    case '--window': a.window = parseInt(v(), 10); break;
    case '--timeout': a.timeout = parseFloat(v()); break;
    case '--long': a.long = v(); break;
    default: process.stderr.write(`esme_node: unknown argument ${argv[i]}\n`); process.exit(2);
  }
}
const T0 = Date.now();
const E = defs.encodings;
const gsm = E.ASCII.match(a.text);
const dataCoding = gsm ? 0x00 : 0x08;
const encoded = gsm ? E.ASCII.encode(a.text) : E.UCS2.encode(a.text);
const single = 140 + (gsm ? 20 : 0);
const partMax = gsm ? 153 : 134;
let parts = [encoded], esmClass = 0, payload = false, sar = false;
if (encoded.length > single) {
  if (a.long === 'payload') payload = true;
  else {
    const chunks = [];
    for (let off = 0; off < encoded.length;) {
      let end = Math.min(off + partMax, encoded.length);
      if (end < encoded.length) {
        if (gsm && encoded[end - 1] === 0x1b) end -= 1;
        if (!gsm) { const u = encoded.readUInt16BE(end - 2); if (u >= 0xd800 && u <= 0xdbff) end -= 2; }
      }
      chunks.push(encoded.slice(off, end));
      off = end;
    }
    if (a.long === 'sar') { sar = true; parts = chunks; } else {
      esmClass = 0x40;
      parts = chunks.map((c, i) => Buffer.concat([Buffer.from([5, 0, 3, 0, chunks.length, i + 1]), c]));
    }
  }
}
const s = { submitted: 0, resp_ok: 0, resp_err: 0, receipts: 0, unmatched_receipts: 0, max_outstanding: 0,
  parts_per_message: parts.length, data_coding: dataCoding, esm_class: esmClass, long: payload ? 'payload' : sar ? 'sar' : 'udh' };
const accepted = new Set();
let outstanding = 0, finished = false;
const queue = [];
for (let k = 0; k < a.count; k++) {
  const ref = (k * 37 + 11) & 0xff;
  parts.forEach((p, i) => { const b = Buffer.from(p); if (esmClass) b[3] = ref; queue.push({ buf: b, ref: 0x100 + ref, seq: i + 1 }); });
}
const session = smpp.connect({ url: `smpp://127.0.0.1:${a.port}` });
const timer = setTimeout(() => finish('timeout'), a.timeout * 1000);

function finish(reason) {
  if (finished) return;
  finished = true;
  clearTimeout(timer);
  const expected = a.count * parts.length;
  Object.assign(s, { reason, missing_resp: outstanding, missing_receipts: accepted.size, elapsed_s: (Date.now() - T0) / 1000 });
  s.ok = reason === 'done' && s.submitted === expected && s.resp_ok === expected && s.receipts === expected;
  const out = () => { process.stdout.write(JSON.stringify(s) + '\n'); process.exit(s.ok ? 0 : 1); };
  if (session._bound) {
    const t = setTimeout(() => { session.destroy(); out(); }, 3000);
    session.unbind(() => { clearTimeout(t); session.close(); out(); });
  } else { try { session.destroy(); } catch (e) { /* closed */ } out(); }
}
function check() {
  if (!queue.length && !outstanding && !accepted.size) finish('done');
}
function pump() {
  while (queue.length && outstanding < a.window && !finished) {
    const q = queue.shift();
    const buf = q.buf;
    const o = { source_addr_ton: 1, source_addr_npi: 1, source_addr: '12345', dest_addr_ton: 1, dest_addr_npi: 1,
      destination_addr: a.to, esm_class: esmClass, data_coding: dataCoding, registered_delivery: 1 };
    if (payload) { o.short_message = Buffer.alloc(0); o.message_payload = buf; } else o.short_message = buf;
    if (sar && parts.length > 1) Object.assign(o, { sar_msg_ref_num: q.ref, sar_total_segments: parts.length, sar_segment_seqnum: q.seq });
    outstanding++;
    s.submitted++;
    s.max_outstanding = Math.max(s.max_outstanding, outstanding);
    session.submit_sm(o, (resp) => {
      outstanding--;
      if (resp.command_status === 0) { s.resp_ok++; accepted.add(resp.message_id); } else s.resp_err++;
      pump();
      check();
    });
  }
}
session.on('error', (e) => { s.error = String(e.message || e); finish('error'); });
session.on('close', () => { if (!finished) finish('closed by peer'); });
session.on('enquire_link', (pdu) => session.send(pdu.response()));
session.on('deliver_sm', (pdu) => {
  session.send(pdu.response());
  if (pdu.esm_class & 0x04) {
    let id = pdu.receipted_message_id;
    if (!id) {
      const sm = pdu.short_message && pdu.short_message.message !== undefined ? pdu.short_message.message : pdu.short_message;
      const m = /id:(\S+)/.exec(Buffer.isBuffer(sm) ? sm.toString('latin1') : String(sm || ''));
      id = m && m[1];
    }
    if (accepted.has(id)) { accepted.delete(id); s.receipts++; } else s.unmatched_receipts++;
  }
  check();
});
session.on('connect', () => {
  session.bind_transceiver({ system_id: a.systemId, password: a.password, interface_version: 0x34 }, (resp) => {
    if (resp.command_status !== 0) { s.error = `bind status ${resp.command_status}`; finish('bind failed'); return; }
    session._bound = true;
    pump();
  });
});
