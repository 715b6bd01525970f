#!/usr/bin/env python3
"""Scenario (b) peer: an ESME built on PyPI smpplib, sending to `sms smsc`.

Binds as transceiver, submits TEXT COUNT times (long texts split by smpplib's own
`smpplib.gsm.make_parts`: UDH 05 00 03, UCS-2 when not GSM-7), keeps at most WINDOW submit_sm
unanswered, waits for every submit_sm_resp and one delivery receipt per accepted part
(matched on receipted_message_id, else the `id:` of the receipt text), unbinds.
Prints one JSON summary line; exit 0 only if everything arrived.
Usage: esme_smpplib.py --port P --system-id ID --password PW --to N --text T
                       [--count K] [--window W] [--timeout S]
Run with the interop venv's python.
"""
import argparse
import json
import re
import select
import sys
import time

import smpplib.client
import smpplib.consts as C
import smpplib.gsm

RECEIPT_ID = re.compile(r"id:(\S+)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--system-id", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--to", required=True)
    ap.add_argument("--text", required=True)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--window", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=20)
    a = ap.parse_args()
    t0 = time.monotonic()
    deadline = t0 + a.timeout
    parts, coding, esm = smpplib.gsm.make_parts(a.text)
    pending, accepted = {}, set()
    s = {"submitted": 0, "resp_ok": 0, "resp_err": 0, "receipts": 0, "unmatched_receipts": 0,
         "max_outstanding": 0, "parts_per_message": len(parts), "data_coding": coding, "esm_class": esm}
    client = smpplib.client.Client("127.0.0.1", a.port, timeout=5, allow_unknown_opt_params=True)

    def on_sent(pdu, **_):
        pending.pop(pdu.sequence, None)
        if pdu.status == 0:
            s["resp_ok"] += 1
            mid = pdu.message_id
            accepted.add(mid.decode() if isinstance(mid, bytes) else mid)
        else:
            s["resp_err"] += 1

    def on_received(pdu, **_):
        if (pdu.esm_class or 0) & 0x04:
            rid = getattr(pdu, "receipted_message_id", None)
            rid = rid.decode() if isinstance(rid, bytes) else rid
            if not rid:
                m = RECEIPT_ID.search((pdu.short_message or b"").decode("latin1"))
                rid = m.group(1) if m else None
            if rid in accepted:
                accepted.discard(rid)
                s["receipts"] += 1
            else:
                s["unmatched_receipts"] += 1
        return 0

    client.set_message_sent_handler(on_sent)
    client.set_message_received_handler(on_received)

    def pump(until):
        while not until():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            r, _, _ = select.select([client._socket], [], [], min(left, 0.5))
            if r:
                client.read_once(auto_send_enquire_link=False)
        return True

    try:
        client.connect()
        client.bind_transceiver(system_id=a.system_id, password=a.password)
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"ok": False, "error": "bind failed: %s" % e}))
        return 3
    ok = True
    try:
        for _ in range(a.count):
            for part in parts:
                if not pump(lambda: len(pending) < a.window):
                    raise TimeoutError("window never opened")
                p = client.send_message(source_addr_ton=C.SMPP_TON_INTL, source_addr_npi=C.SMPP_NPI_ISDN,
                                        source_addr="12345", dest_addr_ton=C.SMPP_TON_INTL,
                                        dest_addr_npi=C.SMPP_NPI_ISDN, destination_addr=a.to,
                                        short_message=part, data_coding=coding, esm_class=esm,
                                        registered_delivery=True)
                pending[p.sequence] = True
                s["submitted"] += 1
                s["max_outstanding"] = max(s["max_outstanding"], len(pending))
        pump(lambda: not pending and not accepted)
        client._socket.settimeout(3)
        client.unbind()
    except Exception as e:  # noqa: BLE001
        s["error"] = str(e)
        ok = False
    finally:
        try:
            client.disconnect()
        except Exception:  # noqa: BLE001
            pass
    expected = a.count * len(parts)
    s["ok"] = ok and s["submitted"] == expected and s["resp_ok"] == expected and s["receipts"] == expected
    s["missing_resp"], s["missing_receipts"] = len(pending), len(accepted)
    s["elapsed_s"] = round(time.monotonic() - t0, 3)
    print(json.dumps(s))
    return 0 if s["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
