#!/usr/bin/env bash
# interop/install.sh — install the independent peers of the interop suite on Debian 12, as root.
# Idempotent: each step is skipped when it is already satisfied.
#   apt: tshark + text2pcap (wireshark-common setuid preseeded false), kannel (bearerbox, smsbox;
#        a policy-rc.d keeps its daemons from starting), python3-gammu, python3-venv, curl,
#        iproute2 (ss), nodejs + npm (when node is missing)
#   pip: smpplib, smpp.pdu3 (pinned in requirements.txt) into $INTEROP_RT/venv
#   npm: smpp@0.5.1 (pinned by package-lock.json) into $INTEROP_RT/node_modules
# The runtime lives outside the repo: INTEROP_RT (default /opt/sms-interop).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RT="${INTEROP_RT:-/opt/sms-interop}"
export DEBIAN_FRONTEND=noninteractive
log() { echo "[interop/install] $*"; }

need=()
command -v tshark >/dev/null && command -v text2pcap >/dev/null || need+=(tshark)
command -v bearerbox >/dev/null && command -v smsbox >/dev/null || need+=(kannel)
/usr/bin/python3 -c 'import gammu' 2>/dev/null || need+=(python3-gammu)
/usr/bin/python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
command -v curl >/dev/null || need+=(curl)
command -v ss >/dev/null || need+=(iproute2)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ "${#need[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "need root to apt-get install ${need[*]}" >&2; exit 1; }
  log "apt-get install ${need[*]}"
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  timeout 600 apt-get update -qq
  # Debian starts kannel's init script on install; policy-rc.d (exit 101) forbids that.
  had_policy=0; [ -e /usr/sbin/policy-rc.d ] && had_policy=1
  if [ $had_policy = 0 ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; fi
  rc=0
  timeout 900 apt-get install -y -q --no-install-recommends "${need[@]}" || rc=$?
  [ $had_policy = 0 ] && rm -f /usr/sbin/policy-rc.d
  [ $rc = 0 ] || exit $rc
else
  log "apt packages present (tshark, kannel, python3-gammu, python3-venv, node)"
fi

mkdir -p "$RT"
if ! "$RT/venv/bin/python" -c 'import smpplib, smpp.pdu.pdu_encoding' 2>/dev/null \
   || ! cmp -s "$HERE/requirements.txt" "$RT/requirements.txt"; then
  log "python venv $RT/venv (smpplib, smpp.pdu3)"
  rm -rf "$RT/venv"
  /usr/bin/python3 -m venv "$RT/venv"
  timeout 600 "$RT/venv/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt"
  cp "$HERE/requirements.txt" "$RT/requirements.txt"
else
  log "venv ok ($RT/venv)"
fi

if ! [ -f "$RT/node_modules/smpp/package.json" ] || ! cmp -s "$HERE/package-lock.json" "$RT/package-lock.json"; then
  log "npm ci in $RT (smpp@0.5.1)"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$RT/"
  (cd "$RT" && timeout 600 npm ci --no-audit --no-fund --silent)
else
  log "node smpp ok ($RT/node_modules)"
fi

log "versions:"
echo "  $(tshark --version 2>/dev/null | head -1)"
echo "  kannel $(dpkg-query -W -f='${Version}' kannel 2>/dev/null || echo '?')"
echo "  python-gammu $(/usr/bin/python3 -c 'import gammu; print(gammu.Version()[1])')"
"$RT/venv/bin/python" -c 'import importlib.metadata as m; print("  smpplib", m.version("smpplib"), "| smpp.pdu3", m.version("smpp.pdu3"))'
node -e "console.log('  node', process.version, '| npm smpp', require('$RT/node_modules/smpp/package.json').version)"
