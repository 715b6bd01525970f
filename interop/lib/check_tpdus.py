#!/usr/bin/env python3
"""Scenario (e), TPDU half: every TPDU type our `gsm-pdu` crate encodes, decoded by tshark's
gsm_sms dissector and by python-gammu (libgammu), compared with the values we put in.

Input: the output of interop/tpdus (name TAB mo|mt TAB hex TAB fields-JSON).
Output: one `PASS|FAIL|SKIP e.<peer>.<name>: detail` line per TPDU and peer.
Run with Debian's /usr/bin/python3 (python3-gammu is a Debian package).
Usage: check_tpdus.py TPDUS.tsv
"""
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tshark  # noqa: E402

GAMMU_TYPES = {"SMS-DELIVER": "Deliver", "SMS-SUBMIT": "Submit", "SMS-STATUS-REPORT": "Status_Report"}


class Cmp:
    def __init__(self):
        self.diffs, self.notes, self.checked = [], [], 0

    def eq(self, field, ours, theirs):
        self.checked += 1
        if ours != theirs:
            self.diffs.append("%s: ours %r, peer %r" % (field, ours, theirs))


def digits(addr):
    return addr["text"].lstrip("+")


# ------------------------------------------------------------------------------ tshark
def cmp_tshark(exp, layers):
    c = Cmp()
    L = tshark.leaves({k: v for k, v in layers.items() if k in ("gsm_sms", "gsm_sms_ud")})
    if not L:
        return ["no gsm_sms layer"], [], 0

    def vals(f):
        return L.get("gsm_sms." + f, [])

    def one(f):
        v = vals(f)
        return v[0] if v else None

    def num(f):
        v = one(f)
        return int(v, 0) if v is not None else None

    t = exp["type"]
    c.eq("tp-mti", exp["mti"], num("tp-mti"))
    for flag in ("mms", "rp", "sri", "srr", "rd", "srq", "udhi"):
        if flag in exp:
            c.eq("tp-" + flag, int(exp[flag]), num("tp-" + flag))
    for f in ("mr", "pid", "dcs"):
        if f in exp:
            c.eq("tp-" + f, exp[f], num("tp-" + f))
    if "addr" in exp:
        a = exp["addr"]
        key = {"SMS-DELIVER": "tp-oa", "SMS-STATUS-REPORT": "tp-ra"}.get(t, "tp-da")
        c.eq(key, digits(a), one(key))
        c.eq("addr.ton", a["ton"], num("dis_field_addr.num_type"))
        c.eq("addr.npi", a["npi"], num("dis_field_addr.num_plan"))
    stamps = [s for s in (exp.get("scts"), exp.get("vp_absolute"), exp.get("dt")) if s]
    for i, s in enumerate(stamps):
        for ours, theirs in (("year", "year"), ("month", "month"), ("day", "day"), ("hour", "hour"),
                             ("minute", "minutes"), ("second", "seconds")):
            v = vals("scts." + theirs)
            got = int(v[i]) if i < len(v) else None
            c.eq("timestamp[%d].%s" % (i, ours), s[ours] % 100 if ours == "year" else s[ours], got)
        # tshark shows the time zone's magnitude in quarter hours (the sign is in the tree text).
        v = vals("scts.timezone")
        c.eq("timestamp[%d].|tz_quarters|" % i, abs(s["tz_quarters"]), int(v[i]) if i < len(v) else None)
    if "vpf" in exp:
        c.eq("tp-vpf", exp["vpf"], num("tp-vpf"))
    if "vp_relative" in exp:
        c.eq("tp-vp", exp["vp_relative"], num("vp.validity_period"))
    if "udl" in exp:
        c.eq("tp-udl", exp["udl"], num("tp.user_data_length"))
    if exp.get("text") is not None:
        c.eq("text", exp["text"], one("sms_text"))
    if exp.get("ud") is not None:
        b = one("sms_body") or L.get("gsm_sms_ud.short_msg", [None])[0]
        c.eq("tp-ud", exp["ud"].lower(), b.replace(":", "") if b else None)
    cc = exp.get("concat")
    if cc:
        c.eq("udh.iei", "0x%02x" % (0 if cc["bits"] == 8 else 8), one("ie_identifier"))
        c.eq("udh.ref", cc["ref"], num("udh.mm.msg_id"))
        c.eq("udh.total", cc["total"], num("udh.mm.msg_parts"))
        c.eq("udh.seq", cc["seq"], num("udh.mm.msg_part"))
    if "st" in exp:
        st = ((num("dis_field.definition") or 0) << 7) | ((num("dis_field.st_error") or 0) << 5) \
            | (num("dis.field_st_reason") or 0)
        c.eq("tp-st", exp["st"], st)
    if "fcs" in exp:
        c.eq("tp-fcs", exp["fcs"], num("tp-fcs"))
    if "pi" in exp:
        c.eq("tp-pi", exp["pi"], num("tp.parameter_indicator"))
    if "ct" in exp:
        c.eq("tp-ct", exp["ct"], num("tp.command_type"))
        c.eq("tp-mn", exp["mn"], num("tp.message_number"))
        c.eq("tp-cdl", exp["cdl"], num("tp.command_data_length"))
    return c.diffs, c.notes, c.checked


# ------------------------------------------------------------------------------ gammu
def dt(s):
    return datetime.datetime(s["year"], s["month"], s["day"], s["hour"], s["minute"], s["second"])


def cmp_gammu(gammu, exp, h):
    t = exp["type"]
    if t not in GAMMU_TYPES:
        try:
            gammu.DecodePDU(bytes.fromhex(h), False)
            got = "decoded"
        except Exception as e:  # noqa: BLE001
            got = "error %s" % (e.args[0].get("Text") if e.args and isinstance(e.args[0], dict) else e)
        return "SKIP", ("libgammu cannot decode %s: GSM_DecodePDUFrame (libgammu/gsm/sms/gsmsms.c) takes no "
                        "direction and reads TP-MTI 0/1/2 as DELIVER/SUBMIT/STATUS-REPORT only (it said: %s); "
                        "tshark checked it" % (t, got))
    try:
        r = gammu.DecodePDU(bytes.fromhex(h), False)
    except Exception as e:  # noqa: BLE001
        return "FAIL", "gammu rejected it: %s" % (e,)
    c = Cmp()
    c.eq("Type", GAMMU_TYPES[t], r.get("Type"))
    a = exp["addr"]
    # libgammu prefixes '+' for TON international, as users write it.
    c.eq("Number", a["text"], r.get("Number"))
    if "mr" in exp:
        c.eq("MessageReference", exp["mr"], r.get("MessageReference"))
    # TP-RD is not compared: libgammu's decoder leaves RejectDuplicates at its default.
    if t == "SMS-DELIVER":
        c.eq("DateTime (TP-SCTS, local time)", dt(exp["scts"]), r.get("DateTime"))
    if t == "SMS-STATUS-REPORT":
        c.eq("DateTime (TP-SCTS)", dt(exp["scts"]), r.get("DateTime"))
        c.eq("SMSCDateTime (TP-DT)", dt(exp["dt"]), r.get("SMSCDateTime"))
        c.eq("DeliveryStatus (TP-ST)", exp["st"], r.get("DeliveryStatus"))
    if exp.get("text") is not None:
        txt = r.get("Text")
        if isinstance(txt, str) and "\x00" in txt:
            # libgammu sizes its text by TP-UDL in septets; each escape pair (€, [, ]) decodes
            # to one character, leaving a NUL per escape, sometimes followed by junk
            # (uninitialised memory): the text is what precedes the first NUL.
            c.notes.append("gammu ends the text with %d octet(s) from a NUL on (one NUL per GSM-7 escape)" % (len(txt) - txt.index("\x00")))
            txt = txt.split("\x00")[0]
        c.eq("Text", exp["text"], txt)
        c.eq("Coding", "Unicode_No_Compression" if exp["dcs"] == 8 else "Default_No_Compression", r.get("Coding"))
    if exp.get("ud") is not None:
        c.eq("Text (8-bit)", exp["ud"].lower(), bytes(r.get("Text") or b"").hex())
        c.eq("Coding", "8bit", r.get("Coding"))
        c.eq("Class", exp["dcs"] & 3, r.get("Class"))
    cc = exp.get("concat")
    u = r.get("UDH") or {}
    if cc:
        c.eq("UDH.Type", "ConcatenatedMessages" + ("16bit" if cc["bits"] == 16 else ""), u.get("Type"))
        c.eq("UDH.ID", cc["ref"], u.get("ID16bit" if cc["bits"] == 16 else "ID8bit"))
        c.eq("UDH.AllParts", cc["total"], u.get("AllParts"))
        c.eq("UDH.PartNumber", cc["seq"], u.get("PartNumber"))
    elif t != "SMS-STATUS-REPORT":
        c.eq("UDH.Type", "NoUDH", u.get("Type"))
    if c.diffs:
        return "FAIL", "; ".join(c.diffs)
    return "PASS", "%d fields equal%s" % (c.checked, ("; " + "; ".join(c.notes)) if c.notes else "")


def main():
    rows = []
    with open(sys.argv[1]) as f:
        for line in f:
            if line.strip():
                n, d, h, j = line.rstrip("\n").split("\t")
                rows.append((n, d, h, json.loads(j)))
    if not rows:
        print("FAIL e.tpdu: the TPDU generator printed nothing")
        return 1
    rc = 0
    try:
        frames = tshark.dissect_tpdus([(d, h) for _, d, h, _ in rows])
        if len(frames) != len(rows):
            print("FAIL e.tshark.tpdu: %d TPDUs in, %d frames out" % (len(rows), len(frames)))
            frames, rc = None, 1
    except Exception as e:  # noqa: BLE001
        print("FAIL e.tshark.tpdu: tshark failed: %s" % e)
        frames, rc = None, 1
    try:
        import gammu
    except ImportError:
        print("FAIL e.gammu.tpdu: python3-gammu not importable (run interop/install.sh)")
        gammu, rc = None, 1
    types = set()
    for i, (name, d, h, exp) in enumerate(rows):
        types.add(exp["type"])
        if frames is not None:
            diffs, notes, n = cmp_tshark(exp, frames[i])
            errs = tshark.experts(frames[i])
            if errs:
                diffs = diffs + ["tshark expert: %s" % ", ".join(sorted(set(errs)))]
            if diffs:
                print("FAIL e.tshark.%s: %s" % (name, "; ".join(diffs)))
                rc = 1
            else:
                print("PASS e.tshark.%s: %d fields equal%s" % (name, n, ("; " + "; ".join(notes)) if notes else ""))
        if gammu is not None:
            st, detail = cmp_gammu(gammu, exp, h)
            print("%s e.gammu.%s: %s" % (st, name, detail))
            if st == "FAIL":
                rc = 1
    # TS 23.040 §9.2.2: the six TPDU types.
    all_types = {"SMS-DELIVER", "SMS-DELIVER-REPORT", "SMS-SUBMIT", "SMS-SUBMIT-REPORT", "SMS-STATUS-REPORT",
                 "SMS-COMMAND"}
    if all_types - types:
        print("FAIL e.tpdu.coverage: no TPDU of type %s" % ", ".join(sorted(all_types - types)))
        rc = 1
    else:
        print("PASS e.tpdu.coverage: %d TPDUs cover all 6 TPDU types of TS 23.040 §9.2.2" % len(rows))
    return rc


if __name__ == "__main__":
    sys.exit(main())
