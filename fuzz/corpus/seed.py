#!/usr/bin/env python3
"""Writes the committed seed corpora (fuzz/corpus/<target>/) from the project's test vectors.

Sources are listed in README.md beside this script. Run from anywhere:
    python3 fuzz/corpus/seed.py
It needs ../shared (beside the repository) for the vectors; the corpus it writes is committed,
so CI never runs it.
"""
import json
import os
import re
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(REPO), "shared")


def out(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def samples(path):
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        name, hx = line.split()
        yield name, bytes.fromhex(hx)


for t in ["smpp_pdu_strict", "smpp_pdu_lenient", "smpp_framed", "tpdu", "udh", "gsm7_unpack",
          "ucs2_decode", "receipt_text", "session"]:
    shutil.rmtree(os.path.join(HERE, t), ignore_errors=True)

# --- SMPP PDUs: the oracle samples (confirmed by tshark, smpp.pdu3, smpplib, node-smpp) and the
# two bench PDUs.
pdus = list(samples(os.path.join(SHARED, "oracles/samples/pdus.txt")))
bench = open(os.path.join(SHARED, "vectors/bench-pdus.md")).read()
for i, hx in enumerate(re.findall(r"```\n([0-9a-f]+)\n```", bench)):
    pdus.append((["bench_submit_sm", "bench_deliver_sm_receipt"][i], bytes.fromhex(hx)))
for name, b in pdus:
    out("smpp_pdu_strict", name, b)
    out("smpp_pdu_lenient", name, b)
# Real-SMSC quirks: an error response with a body, a truncated TLV, an unknown status.
by = dict(pdus)
resp_err_body = bytearray(by["submit_sm_resp"])
resp_err_body[8:12] = struct.pack(">I", 0x45)
out("smpp_pdu_lenient", "submit_sm_resp_error_with_body", bytes(resp_err_body))
trunc = bytearray(by["submit_sm_sar_tlvs"][:-1])
trunc[0:4] = struct.pack(">I", len(trunc))
out("smpp_pdu_lenient", "submit_sm_truncated_tlv", bytes(trunc))
out("smpp_pdu_strict", "generic_nack_unknown_status",
    bytes.fromhex("00000010800000000000abcd0000000a"))

# --- Framed: [flags, n, n chunk sizes, stream].
stream = b"".join(by[n] for n in ["bind_transmitter", "submit_sm_udh", "enquire_link",
                                    "deliver_sm_receipt", "unbind"])
out("smpp_framed", "bytewise", bytes([0, 0]) + stream)
out("smpp_framed", "chunks_3_7", bytes([0, 2, 3, 7]) + stream)
out("smpp_framed", "chunks_16_1_200", bytes([1, 3, 16, 1, 200]) + stream)
out("smpp_framed", "max64_too_long", bytes([2, 1, 5]) + stream)
out("smpp_framed", "bad_body_midstream",
    bytes([0, 1, 9]) + by["enquire_link"] + by["bad_unterminated_system_id"] + by["unbind"])
out("smpp_framed", "short_command_length", bytes([0, 1, 2]) + by["enquire_link"]
    + bytes.fromhex("0000000800000015"))
out("smpp_framed", "truncated_tail", bytes([1, 1, 4]) + stream[:-7])

# --- TPDUs: [mode, tpdu]; mode bit 0 = MO, bit 1 = SMSC prefix, bit 2 = lenient.
vectors = json.load(open(os.path.join(SHARED, "vectors/gsm-vectors.json")))
for v in vectors:
    if v["kind"] != "tpdu":
        continue
    mode = (1 if v["direction"] == "mo" else 0) | (2 if v["smsc_prefix"] else 0)
    out("tpdu", v["id"], bytes([mode]) + bytes.fromhex(v["hex"]))
    if "padding" in v.get("note", "") or "trailing" in v.get("note", ""):
        out("tpdu", v["id"] + "_lenient", bytes([mode | 4]) + bytes.fromhex(v["hex"]))
for name, b in samples(os.path.join(SHARED, "oracles/samples/tpdus.txt")):
    mode = 1 if name.startswith(("submit", "command", "deliver_report")) else 0
    out("tpdu", "oracle_" + name, bytes([mode]) + b)

# --- UDHs (UDHL first), cut from the TPDU vectors named.
for name, hx in [
    ("concat8_oracle_submit_udh", "050003a50201"),            # pdus.txt submit_sm_udh
    ("concat16_npdu_concat_1", "06080412340201"),             # npdu-concat-1
    ("ports16_concat_aosp_udh_wap_1", "0B05040B8423F000032A0201"),  # aosp-udh-wap-1
    ("special_sms_aosp_mwi", "0401020002"),                   # aosp-mwi-dcs-c8-udh01-set
    ("ems_format_x4_npdu_ems_1", "140A030004100A030606200A030E09400A031C0D80"),  # npdu-ems-format-1
    ("ems_colour_ofono_ems_1", "1A0A031906200A032104100A032705040A032E05080A043807002B"),  # ofono-ems-1
    ("ports16_ucs2_oracle", "0C0804BEEF020105043E80000004"),  # pdus.txt submit_sm_udh16_port_ucs2
    ("national_shift_turkish", "0624010125010100"),           # TS 23.040 §9.2.3.24.15/.16 IEs
    ("empty", "00"),
]:
    out("udh", name, bytes.fromhex(hx))

# --- GSM 7-bit: [fill_bits, count_hi, count_lo, locking, single, packed].
for v in vectors:
    if v["kind"] != "gsm7-pack":
        continue
    e = v["expected"]
    head = bytes([e.get("fill_bits", 0)]) + struct.pack(">H", e["septets"])
    head += bytes([e.get("locking_shift", 0), e.get("single_shift", 0)])
    out("gsm7_unpack", v["id"], head + bytes.fromhex(v["hex"]))

# --- UCS-2 (UTF-16BE), from the TPDU vectors and TS 23.038 §6.2.3 edge cases.
for name, hx in [
    ("privet_oracle_ucs2", "041f04400438043204350442"),        # pdus.txt submit_sm_ucs2
    ("emoji_pair", "d83dde1c0061"),                            # gsm7 encode_ucs2 doc example
    ("gammu_123456", "003100320033003400350036"),              # gammu-at-sms-16
    ("lone_high", "d83d0061"),
    ("lone_low", "de1c"),
    ("odd_length", "00410042ff"),
    ("euro", "20ac"),
]:
    out("ucs2_decode", name, bytes.fromhex(hx))

# --- Receipt text: the bench deliver_sm's, and receipts from dlr/tests/receipts.rs (each with
# its public source there).
rust = open(os.path.join(REPO, "dlr/tests/receipts.rs")).read()
seen = set()
for i, s in enumerate(re.findall(r'"(id:[^"\n]*)"', rust)):
    if "{" in s or s in seen or len(seen) >= 24:
        continue
    seen.add(s)
    out("receipt_text", "dlr_tests_%02d" % i, s.encode().decode("unicode_escape").encode("latin-1"))
d = by["bench_deliver_sm_receipt"]
i = d.index(b"id:")
out("receipt_text", "bench_deliver_sm", d[i:i + d[i - 1]])

# --- Session: [flags, op…]; see fuzz/src/session.rs for the op encoding. CommandId::ALL
# indices: SUBMIT_SM 7, DELIVER_SM 9, UNBIND 11, BIND_TRANSCEIVER 17, ENQUIRE_LINK 20.
esme = bytes([
    0x00,                 # ESME, window 1, strict
    7, 2,                 # bind transceiver
    3, 0, 0, 0x40,        # bind_transceiver_resp ESME_ROK, split at 64 (whole)
    8, 7,                 # submit submit_sm
    3, 1, 0, 5,           # submit_sm_resp ESME_ROK, split at 5
    8, 7,                 # submit submit_sm
    3, 2, 1, 3,           # submit_sm_resp ESME_RTHROTTLED
    5, 0x00, 0x64,        # 1 s passes
    6,                    # run to the next deadline
    1, 9, 0xFE, 7, 0, 16,  # deliver_sm seq 7 from the peer
    9, 0, 0, 0,           # ack it
    10,                   # unbind
    3, 4, 0, 0,           # unbind_resp (whatever we sent fifth)
])
out("session", "esme_bind_submit_throttle_unbind", esme)
smsc = bytes([
    0x09,                 # SMSC, auto_respond
    1, 17, 0xFE, 1, 0, 0,   # bind_transceiver seq 1
    1, 7, 0xFE, 2, 0, 8,    # submit_sm seq 2 (auto-accepted)
    8, 9,                 # we send deliver_sm
    3, 0, 0, 0,           # the ESME answers it
    5, 0xFF, 0xFF,        # ~11 min of silence: enquire_link, then dead
    6, 6,
])
out("session", "smsc_bind_submit_deliver_silence", smsc)
out("session", "esme_garbage", bytes([0x40, 7, 0, 0, 8]) + bytes.fromhex("0000000400000001"))
out("session", "esme_close_with_window", bytes([0x02, 7, 0, 3, 0, 0, 0, 8, 7, 8, 7, 12, 1]))
out("session", "esme_reflected", bytes([0x00, 7, 2, 11, 3, 0, 0, 0x40, 8, 7, 11, 11]))
