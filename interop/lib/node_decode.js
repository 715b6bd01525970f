#!/usr/bin/env node
// Decodes SMPP PDUs (one hex per line on stdin) with node-smpp's PDU parser and prints one
// JSON object per line: node-smpp's fields, Buffers as {"hex": …}, and for short_message /
// message_payload (which node-smpp turns into text by data_coding) the octets re-encoded with
// node-smpp's own codec for that data_coding ({"hex": …}), or {"error": …} when it throws.
// `_now` is when it decoded (node-smpp turns a relative SMPP time into a Date from now).
'use strict';
const { PDU, defs } = require('./node_smpp');

const E = defs.encodings;
function octets(v, dcs) {
  if (Buffer.isBuffer(v)) return v;
  if (v && v.type === 'Buffer' && Array.isArray(v.data)) return Buffer.from(v.data);
  if (typeof v === 'string') {
    const enc = (dcs & 0x0f) === 0x08 ? E.UCS2 : (dcs & 0x0f) === 0x03 ? E.LATIN1 : E.ASCII;
    return enc.encode(v);
  }
  return null;
}
function plain(v) {
  if (Buffer.isBuffer(v)) return { hex: v.toString('hex') };
  if (v instanceof Date) return { date: v.toISOString() };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') { const o = {}; for (const k of Object.keys(v)) o[k] = plain(v[k]); return o; }
  if (typeof v === 'string') return { str: v, hex: Buffer.from(v, 'latin1').toString('hex') };
  return v;
}
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter((l) => l.trim());
for (const h of lines) {
  try {
    const p = new PDU(Buffer.from(h.trim(), 'hex'));
    const o = { _now: new Date().toISOString() };
    for (const k of Object.keys(p)) {
      const v = p[k];
      if ((k === 'short_message' || k === 'message_payload') && v !== undefined) {
        const m = v && v.message !== undefined ? v.message : v;
        const b = octets(m, p.data_coding || 0);
        const udh = v && v.udh ? Buffer.concat([Buffer.from([v.udh.reduce((n, x) => n + x.length, 0)]), ...v.udh.map((x) => Buffer.from(x))]) : Buffer.alloc(0);
        o[k] = b ? { hex: Buffer.concat([udh, b]).toString('hex') } : plain(v);
      } else o[k] = plain(v);
    }
    process.stdout.write(JSON.stringify(o) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: String(e && e.message || e) }) + '\n');
  }
}
