"""Run Wireshark's tshark on SMPP PDUs or GSM TPDUs given as hex, without a live capture.

SMPP: each PDU becomes one TCP segment of a pcapng made by `text2pcap -D -T 40000,PORT`
(direction I = ESME -> SMSC); tshark decodes port PORT as SMPP.
TPDU: each TPDU is written with link type DLT_USER0 (147), mapped to the `gsm_sms`
dissector with `-o uat:user_dlts`; the pcapng packet direction flag tells the dissector
which way the TPDU travels (inbound = MS -> SC, outbound = SC -> MS), since TP-MTI is
ambiguous without it.
Returns tshark's `-T json` frames (list of `_source.layers` dicts).
"""
import json
import os
import subprocess
import tempfile

SEVERE = ("6291456", "8388608")  # expert severity warn, error


def _run(cmd, timeout=60):
    # Captured SMS text need not be UTF-8: decode what tshark prints leniently.
    p = subprocess.run(cmd, capture_output=True, timeout=timeout, encoding="utf-8", errors="replace")
    if p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (cmd[0], p.returncode, p.stderr.strip()[-500:]))
    return p.stdout


def _text2pcap(lines, extra):
    d = tempfile.mkdtemp(prefix="interop-tshark.")
    src, pcap = os.path.join(d, "in.txt"), os.path.join(d, "c.pcapng")
    with open(src, "w") as f:
        f.write("".join("%s %s\n" % (dirc, h) for dirc, h in lines))
    _run(["text2pcap", "-q", "-D", "-r", r"^(?<dir>[IO])\s(?<data>[0-9a-fA-F]+)$"] + extra + [src, pcap], 30)
    return pcap


def frames_from_pcap(pcap, args):
    out = _run(["tshark", "-n", "-r", pcap, "-T", "json", "--no-duplicate-keys"] + args)
    return [f["_source"]["layers"] for f in json.loads(out or "[]")]


def smpp_args(port):
    return ["-d", "tcp.port==%d,smpp" % port, "-o", "smpp.decode_sms_over_smpp:GSM 7-bit"]


def dissect_smpp(hexes, port=2775):
    pcap = _text2pcap([("I", h) for h in hexes], ["-T", "40000,%d" % port, "-4", "127.0.0.1,127.0.0.2"])
    return frames_from_pcap(pcap, smpp_args(port))


def dissect_tpdus(items):
    """items: (direction 'mo'|'mt', hex)."""
    pcap = _text2pcap([("I" if d == "mo" else "O", h) for d, h in items], ["-l", "147"])
    return frames_from_pcap(pcap, ['-o', 'uat:user_dlts:"User 0 (DLT=147)","gsm_sms","0","","0",""'])


def experts(obj, out=None):
    """Every _ws.expert / _ws.malformed entry in a layer tree (severity warn/error only)."""
    if out is None:
        out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "_ws.malformed":
                out.append("malformed packet")
            elif k == "_ws.expert":
                for e in (v if isinstance(v, list) else [v]):
                    if isinstance(e, dict) and e.get("_ws.expert.severity") in SEVERE:
                        out.append(e.get("_ws.expert.message", "expert"))
            else:
                experts(v, out)
    elif isinstance(obj, list):
        for v in obj:
            experts(v, out)
    return out


def leaves(obj, prefix=None, out=None):
    """Flatten a layer into {field: [values]} (tshark repeats keys as lists)."""
    if out is None:
        out = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(v, (dict, list)) and not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
                leaves(v, k, out)
            elif isinstance(v, list):
                out.setdefault(k, []).extend(v)
            else:
                out.setdefault(k, []).append(v)
    elif isinstance(obj, list):
        for v in obj:
            leaves(v, prefix, out)
    return out
