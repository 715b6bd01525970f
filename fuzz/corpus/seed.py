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
          "ucs2_decode", "receipt_text", "session", "modem_framer", "modem_driver"]:
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

# --- modem_framer: [flags, chunk, stream]. Device output recorded by python-gsmmodem
# (test/fakemodems.py, test/test_modem.py; LGPL-3.0, used as data), TS 27.005 forms.
# flags: profile bits 0-2 (0 generic, 1 huawei, 3 wavecom), bit 3 V0, bits 4-6 command index
# (0 AT, 1 AT+CMGS=23, 2 AT+CPIN?, 3 AT+CMGL=4, 4 AT+CSQ, 5 AT+CMGR=1, 6-7 none).
framer_seeds = {
    "huawei_e1752_clac": (0x01 | 0x60, 3, b"&C\r\r\n&D\r\r\n^DTMF\r\r\nOK\r\n"),
    "huawei_command_not_support": (0x01 | 0x60, 5, b"COMMAND NOT SUPPORT\r\n"),
    "wavecom_cpin_no_ok": (0x03 | 0x20, 1, b"+CPIN: READY\r\n"),
    "cmgs_prompt_mr_cdsi": (0x10, 2, b"AT+CMGS=23\r\r\n> 0011000B91\x1a\r\n+CMGS: 183\r\nOK\r\n+CDSI: \"SM\",3\r\n"),
    "cmgl_with_cmti_inside": (0x30, 7, b"+CMGL: 0,0,,35\r\n+CMTI: \"SM\",4\r\n07917248014000F3240B917247587706F400003110824115248012C8329BFD06C9C373B8B82C97E741F034\r\nOK\r\n"),
    "cmt_inside_csq": (0x40, 4, b"\r\n+CSQ: 18,99\r\n+CMT: ,23\r\n07914151551512F2040B916105551511F100006060605130308A04D4F29C0E\r\nOK\r\n"),
    "cds_truncated": (0x00, 1, b"+CDS: 25\r\nOK\r\n"),
    "numeric_v0": (0x08, 1, b"0\r4\r0\r"),
    "errors": (0x50, 9, b"+CMS ERROR: 330\r\n+CME ERROR: SIM busy\r\n+CMS ERROR: x\r\n"),
    "huawei_boot": (0x71, 6, b"^BOOT:12345678,0,0,0,75\r\n^RSSI:21\r\nRDY\r\n"),
    "overlong": (0x00, 63, b"A" * 9000 + b"\r\nOK\r\n"),
}
for name, (flags, chunk, stream) in framer_seeds.items():
    out("modem_framer", name, bytes([flags, chunk]) + stream)

# --- modem_driver: [flags, op...] (fuzz/src/modem.rs). flags: profile bits 0-2, bit 3
# prefer +CMT, bit 4 a PIN. ops: 0/1 r = canned reply r, 2 n bytes = raw, 3 hi lo = time,
# 4 = next deadline, 5 n text = send, 6 i = ack, 7 = info.
OK = [0, 0]
def send(text):
    return [5, len(text)] + list(text.encode())
driver_seeds = {
    "startup_send": [0x00] + OK * 12 + send("hello") + [0, 2, 0, 3] + OK * 6,
    "receive_cmti_cmgr_ack": [0x01] + OK * 14 + [0, 4, 0, 8, 6, 0, 0, 9, 6, 0, 4] + OK * 4,
    "direct_cmt_cds": [0x08] + OK * 14 + [0, 6, 6, 0, 0, 7, 3, 0x10, 0, 4],
    "reboot_mid_send": [0x05] + OK * 12 + send("x" * 200) + [0, 2, 0, 12, 4, 4] + OK * 12,
    "pin_and_errors": [0x10, 0, 13] + OK * 4 + [0, 11, 4] + send("y") + [0, 2, 0, 10, 4, 0, 2, 0, 3, 7],
    "storage_full": [0x01] + OK * 12 + [0, 15, 0, 14, 0, 9, 6, 1, 6, 0],
    # Found by the proptest replay: a +CMT whose acknowledgement deadline is reached exactly.
    "direct_deadline_exactly": [0, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 0, 86, 147, 0, 1, 10, 3, 0, 0, 0, 48, 0, 4, 61, 0],
    "garbage": [0x02, 2, 12] + list(b"\x00\xff>\r\n+CMT:") + [2, 3, 0x1a, 0x1b, 0x0d, 3, 0xff, 0xff, 4],
}
for name, ops in driver_seeds.items():
    out("modem_driver", name, bytes(ops))
