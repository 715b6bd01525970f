#!/usr/bin/env python3
"""What went over the wire to and from `sms smsc`, read back with independent decoders.

Reads the `sms smsc --json` log (one line per PDU in/out with its `hex`) and:
  * decodes every PDU `sms smsc` SENT with smpp.pdu3 (strict SMPP v3.4 decoder):
    `<prefix>.smsc_pdus_strict` PASS when all decode (with --ours in: the PDUs that came IN,
    for a peer SMSC's log of what `sms send` sent);
  * with --kannel SHORT LONG UCS2: checks the submit_sm Kannel sent: the short text, the long
    text as concatenated parts (UDHI, UDH 05 00 03 ref n i, all parts, reassembled equal to
    smpplib's GSM 03.38 encoding of LONG), the UCS-2 text as data_coding 8 parts whose
    reassembly is LONG's UTF-16BE.
Run with the interop venv's python. Usage:
  check_smsc_log.py LOG PREFIX [--ours in] [--kannel SHORT LONG UCS2]
"""
import collections
import contextlib
import io
import json
import sys

from smpp.pdu import pdu_encoding as PE
import smpplib.gsm

ENC = PE.PDUEncoder()


def decode(h):
    with contextlib.redirect_stdout(io.StringIO()):
        return ENC.decode(io.BytesIO(bytes.fromhex(h)))


def main():
    log, prefix, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    ours = "out"
    if rest[:1] == ["--ours"]:
        ours, rest = rest[1], rest[2:]
    kannel = rest[1:4] if len(rest) >= 4 and rest[0] == "--kannel" else None
    who = "sms smsc" if ours == "out" else "sms send"
    outs, ins = [], []
    for line in open(log, encoding="utf-8", errors="replace"):
        try:
            e = json.loads(line)
        except ValueError:
            continue
        if "hex" in e and e.get("dir") in ("in", "out"):
            (outs if e["dir"] == ours else ins).append(e)
    rc = 0
    bad, kinds = [], collections.Counter()
    for e in outs:
        try:
            p = decode(e["hex"])
            kinds[p.id.name] += 1
        except Exception as ex:  # noqa: BLE001
            if e.get("command_id") in ("broadcast_sm_resp", "query_broadcast_sm_resp", "cancel_broadcast_sm_resp"):
                continue  # SMPP v5.0 only: not smpp.pdu3's to judge
            bad.append("%s: %s %s" % (e.get("command_id"), type(ex).__name__, ex))
    if not outs:
        print("FAIL %s.smsc_pdus_strict: the log holds no PDU sent by %s" % (prefix, who))
        rc = 1
    elif bad:
        print("FAIL %s.smsc_pdus_strict: smpp.pdu3 rejected %d of %d PDUs sent by %s: %s" % (
            prefix, len(bad), len(outs), who, "; ".join(bad[:5])))
        rc = 1
    else:
        print("PASS %s.smsc_pdus_strict: smpp.pdu3 decoded all %d PDUs sent by %s (%s)" % (
            prefix, len(outs), who, ", ".join("%s×%d" % kv for kv in sorted(kinds.items()))))
    if kannel is None:
        return rc
    short, long_, ucs2 = kannel
    subs = []
    for e in ins:
        if e.get("command_id") != "submit_sm":
            continue
        p = decode(e["hex"])
        raw = bytes.fromhex(e["hex"])
        esm = p.params["esm_class"]
        udhi = any(f.name == "UDHI_INDICATOR_SET" for f in (esm.gsmFeatures or []))
        dc = int.from_bytes(PE.DataCodingEncoder().encode(p.params["data_coding"]), "big")
        sm = p.params.get("short_message") or b""
        subs.append({"udhi": udhi, "dc": dc, "sm": bytes(sm), "len": len(raw)})
    # short
    want = smpplib.gsm.gsm_encode(short)
    hit = [s for s in subs if not s["udhi"] and s["sm"] in (want, short.encode())]
    if hit:
        print("PASS a.wire.short: Kannel's submit_sm carried %r (data_coding %d)" % (short, hit[0]["dc"]))
    else:
        print("FAIL a.wire.short: no submit_sm with %r among %d" % (short, len(subs)))
        rc = 1
    # concatenated: group by (dc, ref)
    groups = collections.defaultdict(dict)
    for s in subs:
        sm = s["sm"]
        if s["udhi"] and len(sm) >= 6 and sm[0] == 5 and sm[1] == 0 and sm[2] == 3:
            groups[(s["dc"] == 8, sm[3], sm[4])][sm[5]] = sm[6:]
    for name, is_ucs2, expect in (("long_udh", False, smpplib.gsm.gsm_encode(long_)),
                                  ("ucs2", True, ucs2.encode("utf-16-be"))):
        found = None
        for (u, ref, total), parts in groups.items():
            if u != is_ucs2:
                continue
            whole = b"".join(parts[i] for i in sorted(parts))
            if sorted(parts) == list(range(1, total + 1)) and whole == expect:
                found = (ref, total)
        if found:
            print("PASS a.wire.%s: Kannel sent %d parts with UDH 05 00 03 ref %d; reassembled they equal %s" % (
                name, found[1], found[0], "the UTF-16BE of the text (data_coding 8)" if is_ucs2
                else "smpplib's GSM 03.38 encoding of the text"))
        else:
            print("FAIL a.wire.%s: no complete concatenated %s message equal to the text among %s" % (
                name, "UCS-2" if is_ucs2 else "GSM", {k: sorted(v) for k, v in groups.items()}))
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
