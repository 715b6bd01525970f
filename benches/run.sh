#!/usr/bin/env bash
# Runs every bench of sms-benches (`cargo bench -p sms-benches --bench <each>`) and writes benches/RESULTS.md from criterion's JSON output:
# the machine, date and commit, every figure grouped by criterion group with its peers (the
# functions named rusmpp, rusmppz, smpp34) side by side, each goal of issues 18 and 12 with its figure
# and pass/fail, the instructions per call of the receipt path and of split (callgrind), and
# the session memory section when benches/src/bin/session_memory.rs exists.
#
#   benches/run.sh            the full run (criterion's default measurement time)
#   benches/run.sh --short    shorter measurements (1 s warm-up, 2 s, 30 samples) for a loaded
#                             machine; every benchmark still runs
#   benches/run.sh --quick    a short run to check the script (figures are rough)
#   benches/run.sh [--quick] -- <criterion args>   e.g. `-- receipt` to run matching benches
#
# RESULTS.md is written by this script only. Ratios are taken within one run, as the machine
# may be shared: compare figures of the same RESULTS.md, not across runs.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
quick=0
criterion_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1 ;;
        --short) quick=2 ;;
        --) shift; criterion_args+=("$@"); break ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ "$quick" = 1 ]; then
    criterion_args=(--warm-up-time 0.3 --measurement-time 0.6 --sample-size 10 "${criterion_args[@]}")
elif [ "$quick" = 2 ]; then
    criterion_args=(--warm-up-time 1 --measurement-time 2 --sample-size 30 "${criterion_args[@]}")
fi

target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
criterion_dir="$target/criterion"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Only the results this run writes are reported (older ones may stay in target/criterion).
touch "$work/start"
sleep 1

{
    echo "nproc=$(nproc)"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!benches/RESULTS.md' || echo ' (with uncommitted changes)')"
    echo "rustc=$(rustc --version)"
    echo "quick=$quick"
} > "$work/machine"

# Every [[bench]] target of sms-benches, named (`--benches` would also run the library and the
# binaries under the test harness, which does not take criterion's options).
bench_targets=()
for name in $(cargo metadata --format-version 1 --no-deps | python3 -c '
import json, sys
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == "sms-benches":
        print(" ".join(t["name"] for t in p["targets"] if "bench" in t["kind"]))'); do
    bench_targets+=(--bench "$name")
done
echo ">> cargo bench -p sms-benches ${bench_targets[*]} -- ${criterion_args[*]}" >&2
cargo bench -p sms-benches "${bench_targets[@]}" -- "${criterion_args[@]}" 2>&1 | tee "$work/bench.log" >&2
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/machine"

# Instructions per call: the `instructions` binary runs a path N and 2N times under callgrind;
# the difference over N leaves out start-up and set-up.
echo ">> instructions per call (valgrind --tool=callgrind)" >&2
if ! command -v valgrind > /dev/null; then
    echo "valgrind is missing: apt-get install valgrind" >&2
    exit 1
fi
cargo build --release -p sms-benches --bin instructions >&2
bin="$target/release/instructions"
calls=200
: > "$work/instructions"
# The gsm7 codec paths for each text of the gsm7 bench (default alphabet and every table).
codec_specs=()
for text in ascii typical mixed turkish_natural turkish spanish portuguese bengali gujarati \
    hindi kannada malayalam oriya punjabi tamil telugu urdu; do
    codec_specs+=("encode_pack:$text" "unpack_decode:$text")
done
for spec in receipt: receipt_lenient: smpp_decode: submit_decode: owned_decode: session_pair: \
    split:typical split:mixed split:ascii \
    split:emoji count:typical count:mixed count:ascii count:emoji "${codec_specs[@]}"; do
    path=${spec%%:*}
    text=${spec#*:}
    collected() {
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$path" "$1" ${text:+"$text"} 2>&1 |
            awk '/Collected/ {print $NF}'
    }
    one=$(collected $calls)
    two=$(collected $((2 * calls)))
    bytes=-
    if [ -n "$text" ]; then
        bytes=$("$bin" len 0 "$text")
    fi
    echo "$path	${text:--}	$(((two - one) / calls))	$bytes" >> "$work/instructions"
done

session_md="$work/session_memory.md"
: > "$session_md"
if [ -f benches/src/bin/session_memory.rs ]; then
    echo ">> cargo run --release -p sms-benches --bin session_memory" >&2
    cargo run --release -p sms-benches --bin session_memory > "$session_md"
fi

python3 - "$criterion_dir" "$work" "$root/benches/RESULTS.md" <<'PY'
import json, os, re, sys

criterion_dir, work, out_path = sys.argv[1:4]
start = os.path.getmtime(os.path.join(work, "start"))
machine = dict(l.rstrip("\n").split("=", 1) for l in open(os.path.join(work, "machine")) if "=" in l)
PEERS = ["rusmpp", "rusmppz", "smpp34"]

# Every benchmark this run measured: criterion writes <dir>/new/{benchmark,estimates}.json.
results = {}
for dirpath, _, files in os.walk(criterion_dir):
    if not dirpath.endswith(os.sep + "new") or "benchmark.json" not in files:
        continue
    bench_json = os.path.join(dirpath, "benchmark.json")
    if os.path.getmtime(bench_json) < start:
        continue
    b = json.load(open(bench_json))
    e = json.load(open(os.path.join(dirpath, "estimates.json")))
    mean = e["mean"]
    group = b["group_id"]
    function = b.get("function_id") or ""
    if b.get("value_str"):
        function = f"{function}/{b['value_str']}" if function else b["value_str"]
    tp = b.get("throughput") or {}
    results[(group, function)] = {
        "ns": mean["point_estimate"],
        "lo": mean["confidence_interval"]["lower_bound"],
        "hi": mean["confidence_interval"]["upper_bound"],
        "bytes": tp.get("Bytes") or tp.get("BytesDecimal"),
        "elements": tp.get("Elements"),
    }

GIB = 1024 ** 3
MIB = 1024 ** 2

def fmt_time(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.3g} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.3g} µs"
    return f"{ns:.3g} ns"

def rate(r):
    if r["bytes"]:
        bps = r["bytes"] / (r["ns"] * 1e-9)
        return bps, (f"{bps / GIB:.2f} GiB/s" if bps >= GIB else f"{bps / MIB:.0f} MiB/s")
    if r["elements"]:
        eps = r["elements"] / (r["ns"] * 1e-9)
        return None, f"{eps / 1e6:.2f} M/s"
    return None, ""

lines = []
w = lines.append
w("# Benchmark results")
w("")
w("Written by `benches/run.sh` (do not edit by hand). Criterion means with their 95% confidence")
w("interval; throughput is bytes of input (UTF-8 text for gsm7, PDU octets for smpp) over the mean.")
w("Ratios are taken within this one run: the machine is shared, so compare figures of the same")
w("file, not across runs.")
w("")
w("| | |")
w("|---|---|")
w(f"| date | {machine.get('date')} |")
w(f"| commit | `{machine.get('commit')}` |")
w(f"| machine | {machine.get('nproc')} CPUs, {machine.get('cpu')} |")
w(f"| load average (1/5/15 min) | before {machine.get('load_before')}, after {machine.get('load_after')} |")
w(f"| toolchain | {machine.get('rustc')} |")
mode = {
    "1": "quick (`--quick`: short measurement, rough figures)",
    "2": "short (`--short`: 1 s warm-up, 2 s measurement, 30 samples per benchmark)",
}.get(machine.get("quick"), "full")
w(f"| run | {mode} |")
w("")

# ---- goals of issue 18 ----
def get(group, function):
    return results.get((group, function))

goals = []
def goal(name, figure, ok):
    goals.append((name, figure, "pass" if ok else "FAIL") if ok is not None else (name, figure, "not measured"))

rus = get("receipt/deliver_sm", "rusmpp")
for mode in ["strict", "lenient"]:
    ours = get("receipt/deliver_sm", f"decode+parse+report {mode}")
    if ours and rus:
        ratio = ours["ns"] / rus["ns"]
        goal(f"Receipt deliver_sm decoded, parsed ({mode}) and reported in ≤ 1/8 of rusmpp's decode",
             f"{fmt_time(ours['ns'])} vs rusmpp {fmt_time(rus['ns'])}: 1/{1 / ratio:.1f}", ratio <= 1 / 8)
    else:
        goal(f"Receipt path ({mode}) ≤ 1/8 of rusmpp's decode", "—", None)
for group in ["split", "count"]:
    for text, floor, floor_name in [("ascii", GIB, "1 GiB/s"), ("typical", GIB, "1 GiB/s"),
                                    ("mixed", GIB, "1 GiB/s"), ("emoji", 500 * MIB, "500 MiB/s")]:
        r = get(group, text)
        kind = "UCS-2 text with emoji" if text == "emoji" else f"default-alphabet text ({text})"
        if r:
            bps, shown = rate(r)
            goal(f"`{group}` ≥ {floor_name} for {kind}", shown, bps >= floor)
        else:
            goal(f"`{group}` ≥ {floor_name} for {kind}", "—", None)
for group, what in [("gsm7_encode_pack", "encode+pack"), ("gsm7_unpack_decode", "unpack+decode")]:
    names = sorted(f for (g, f) in results if g == group)
    if not names:
        goal(f"GSM-7 {what} ≥ 1 GiB/s for every table and the worst mix", "—", None)
    for f in names:
        bps, shown = rate(results[(group, f)])
        goal(f"GSM-7 {what} ≥ 1 GiB/s: `{f}`", shown, bps >= GIB)

# Goals other engineers measure, in the same table: session memory (session_memory binary)
# and the durable correlation stores (`--bench dlr_store`, elements are messages).
session = open(os.path.join(work, "session_memory.md")).read().strip()
m = re.search(r"per idle bound session \| ([0-9.]+) KiB", session)
per10k = re.search(r"per ([0-9 ]+) binds \| ([0-9.]+ [KMG]iB)", session)
if m:
    extra = f" ({per10k.group(2)} per {per10k.group(1)} binds)" if per10k else ""
    goal("Memory per idle bound session ≤ 8 KiB (`SmscServer`)", f"{m.group(1)} KiB{extra}",
         float(m.group(1)) <= 8)
else:
    goal("Memory per idle bound session ≤ 8 KiB (`SmscServer`)", "—", None)
stores = sorted(f for (g, f) in results if g == "dlr_store" and f != "memory")
for f in stores:
    r = results[("dlr_store", f)]
    mps = r["elements"] / (r["ns"] * 1e-9) if r["elements"] else 0
    goal(f"Correlation store `{f}` ≥ 100 000 messages/s", f"{mps:,.0f} messages/s", mps >= 100_000)

# ---- goals of issue 12: the owned codec and the session loopback ----
goals12 = []
def goal12(name, figure, ok):
    goals12.append((name, figure, "not measured" if ok is None else ("pass" if ok else "FAIL")))

for pdu in ["submit_sm", "deliver_sm"]:
    owned = get(f"smpp_decode_owned/{pdu}", "smpp_codec")
    borrowed = get(f"smpp_decode_borrowed/{pdu}", "smpp")
    if owned and borrowed:
        ratio = owned["ns"] / borrowed["ns"]
        goal12(f"{pdu}: owned decode through `SmppCodec` ≤ 1.5× the borrowed decode",
               f"{fmt_time(owned['ns'])} vs {fmt_time(borrowed['ns'])}: {ratio:.2f}×", ratio <= 1.5)
    else:
        goal12(f"{pdu}: owned decode through `SmppCodec` ≤ 1.5× the borrowed decode", "—", None)
    s34 = get(f"smpp_decode_owned/{pdu}", "smpp34")
    peers = []
    for peer, group in [("rusmpp", f"smpp_decode_owned/{pdu}"), ("rusmppz", f"smpp_decode_borrowed/{pdu}")]:
        r = get(group, peer)
        if owned and r:
            peers.append(f"{r['ns'] / owned['ns']:.2f}× {peer}")
    if owned and s34:
        times = s34["ns"] / owned["ns"]
        beside = f" (beside: {', '.join(peers)})" if peers else ""
        goal12(f"{pdu}: owned decode ≥ 3× faster than smpp34's decode",
               f"{fmt_time(owned['ns'])} vs smpp34 {fmt_time(s34['ns'])}: {times:.2f}×{beside}", times >= 3)
    else:
        goal12(f"{pdu}: owned decode ≥ 3× faster than smpp34's decode", "—", None)
ours = get("session_loopback_window_256", "smpp_esme_submit_sm")
if ours:
    per_s = 1e9 / ours["ns"]
    goal12("Session loopback ≥ 1 M submit_sm/s (window 256, built and encoded per message)",
           f"{per_s / 1e6:.2f} M/s", per_s >= 1e6)
    for peer in ["smpp34_esme_submit_sm", "smpp34_esme_submit_sm_2_workers"]:
        r = get("session_loopback_window_256", peer)
        if r:
            times = r["ns"] / ours["ns"]
            goal12(f"Session loopback ≥ 5× smpp34's client (`{peer}`, same window)",
                   f"{per_s / 1e6:.2f} M/s vs {1e3 / r['ns']:.3f} M/s: {times:.2f}×", times >= 5)
        else:
            goal12(f"Session loopback ≥ 5× smpp34's client (`{peer}`)", "—", None)
else:
    goal12("Session loopback ≥ 1 M submit_sm/s", "—", None)
    goal12("Session loopback ≥ 5× smpp34's client", "—", None)

for title, rows in [("Goals of issue 18", goals), ("Goals of issue 12", goals12)]:
    w(f"## {title}")
    w("")
    w("| goal | figure | result |")
    w("|---|---|---|")
    for name, figure, verdict in rows:
        w(f"| {name} | {figure} | {verdict} |")
    met = sum(1 for g in rows if g[2] == "pass")
    w("")
    w(f"{met} of {len(rows)} goals met in this run.")
    w("")
passed = sum(1 for g in goals + goals12 if g[2] == "pass")
goals = goals + goals12

# ---- instructions per call ----
w("## Instructions per call (callgrind)")
w("")
w("`valgrind --tool=callgrind` on `cargo run --release -p sms-benches --bin instructions -- <path> N [text]`,")
w("run with N and 2N calls; the difference over N is one call, without start-up and set-up.")
w("Texts are `sms_benches::named_text`'s (about 1 KB); the receipt is bench-pdus.md's deliver_sm.")
w("")
w("| path | text | instructions per call | per byte of text |")
w("|---|---|---:|---:|")
for line in open(os.path.join(work, "instructions")):
    path, text, n, size = line.rstrip("\n").split("\t")
    per_byte = f"{int(n) / int(size):.1f}" if size.isdigit() else ""
    w(f"| `{path}` | {text} | {int(n):,} | {per_byte} |")
w("")

# ---- every figure, by group ----
w("## Every figure, by group")
w("")
w("Peers (rusmpp, rusmppz, smpp34) sit in the same group as our function; `× peer` is how many")
w("times faster ours is than that peer in this run (peer mean / our mean).")
w("")
groups = {}
for (g, f), r in results.items():
    groups.setdefault(g, {})[f] = r
def is_peer(f):
    return any(f == p or f.startswith(p + "_") or f.startswith(p + " ") for p in PEERS)

def peer_of(fs, f, p):
    """The peer function `p` compares with our `f`: `p` itself, or `p` in place of our leading
    `smpp` (session benches name pairs `smpp_esme_submit_sm` / `smpp34_esme_submit_sm`)."""
    if p in fs:
        return fs[p]
    for ours in ("smpp", "sms"):
        if f.startswith(ours + "_") and (p + f[len(ours):]) in fs:
            return fs[p + f[len(ours):]]
    return None

for g in sorted(groups):
    fs = groups[g]
    peers = [p for p in PEERS if any(f == p or f.startswith(p + "_") for f in fs)]
    w(f"### {g}")
    w("")
    head = "| function | mean | 95% CI | throughput |" + "".join(f" × {p} |" for p in peers)
    w(head)
    w("|---|---:|---|---:|" + "---:|" * len(peers))
    for f in sorted(fs, key=lambda f: (is_peer(f), f)):
        r = fs[f]
        _, shown = rate(r)
        cells = ""
        for p in peers:
            other = None if is_peer(f) else peer_of(fs, f, p)
            cells += f" {other['ns'] / r['ns']:.2f} |" if other else " — |"
        w(f"| {f} | {fmt_time(r['ns'])} | {fmt_time(r['lo'])} – {fmt_time(r['hi'])} | {shown} |{cells}")
    w("")

if session:
    w("## Session memory")
    w("")
    w("From `cargo run --release -p sms-benches --bin session_memory`:")
    w("")
    w(session)
    w("")

store = os.path.join(criterion_dir, "dlr_store", "summary.txt")
if os.path.exists(store) and os.path.getmtime(store) >= start:
    w("## Correlation stores against 100 000 messages/s")
    w("")
    w("Written by the `dlr_store` bench (`target/criterion/dlr_store/summary.txt`), redis-benchmark")
    w("beside it on the same server in the same run:")
    w("")
    w("```")
    w(open(store).read().rstrip())
    w("```")
    w("")

open(out_path, "w").write("\n".join(lines))
print(f"wrote {out_path}: {len(results)} figures, {passed}/{len(goals)} goals met", file=sys.stderr)
PY
