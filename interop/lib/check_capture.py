#!/usr/bin/env python3
"""Scenario (d): the live loopback capture of scenarios (a)-(c), dissected by tshark.

Every TCP port given is decoded as SMPP. Counts SMPP PDUs (per port and per command),
malformed frames and expert infos; prints `PASS|FAIL d.<name>: detail` lines.
FAIL when a port carried no SMPP PDU, or any frame is malformed or has an expert info of
severity error.
Usage: check_capture.py CAPTURE.pcapng NAME=PORT [NAME=PORT ...]
"""
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tshark  # noqa: E402

SEV = {"8388608": "error", "6291456": "warn", "4194304": "note", "2097152": "chat"}


def walk_expert(obj, out):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "_ws.expert":
                for e in (v if isinstance(v, list) else [v]):
                    if isinstance(e, dict):
                        out.append((SEV.get(e.get("_ws.expert.severity"), "?"), e.get("_ws.expert.message", "")))
            else:
                walk_expert(v, out)
    elif isinstance(obj, list):
        for v in obj:
            walk_expert(v, out)


def main():
    pcap, named = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
    ports = {int(p): n for n, p in named}
    args = []
    for p in ports:
        args += ["-d", "tcp.port==%d,smpp" % p]
    args += ["-o", "smpp.decode_sms_over_smpp:GSM 7-bit"]
    try:
        frames = tshark.frames_from_pcap(pcap, args)
    except Exception as e:  # noqa: BLE001
        print("FAIL d.dissect: tshark could not read the capture: %s" % e)
        return 1
    per_port = collections.Counter()
    per_cmd = collections.Counter()
    malformed, errors, warns = [], [], collections.Counter()
    for f in frames:
        num = f.get("frame", {}).get("frame.number", "?")
        tcp = f.get("tcp", {})
        port = None
        for key in ("tcp.srcport", "tcp.dstport"):
            if isinstance(tcp, dict) and int(tcp.get(key, 0)) in ports:
                port = int(tcp[key])
        smpp = f.get("smpp")
        pdus = smpp if isinstance(smpp, list) else ([smpp] if smpp else [])
        for p in pdus:
            cid = tshark.leaves(p).get("smpp.command_id", ["?"])[0]
            per_cmd[cid] += 1
            if port is not None:
                per_port[port] += 1
        if "_ws.malformed" in f:
            malformed.append(num)
        ex = []
        walk_expert(f, ex)
        for sev, msg in ex:
            if sev == "error":
                errors.append("frame %s: %s" % (num, msg))
            elif sev == "warn":
                warns[msg] += 1
    rc = 0
    total = sum(per_cmd.values())
    for p, n in ports.items():
        if per_port[p]:
            print("PASS d.pdus.%s: %d SMPP PDUs on port %d" % (n, per_port[p], p))
        else:
            print("FAIL d.pdus.%s: no SMPP PDU captured on port %d" % (n, p))
            rc = 1
    cmds = ", ".join("%s×%d" % (c, k) for c, k in sorted(per_cmd.items()))
    if malformed or errors:
        print("FAIL d.dissect: %d frames, %d SMPP PDUs; malformed frames %s; expert errors: %s" % (
            len(frames), total, malformed[:10] or "none", "; ".join(errors[:10]) or "none"))
        rc = 1
    else:
        w = ("; expert warnings: " + ", ".join("%s ×%d" % kv for kv in warns.items())) if warns else "; 0 expert warnings"
        print("PASS d.dissect: %d frames, %d SMPP PDUs, 0 malformed, 0 expert errors%s; command ids: %s" % (
            len(frames), total, w, cmds))
    return rc


if __name__ == "__main__":
    sys.exit(main())
