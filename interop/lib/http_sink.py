#!/usr/bin/env python3
"""Loopback HTTP sink for Kannel's dlr-url and sms-service get-url: every request is
appended to LOGFILE as one JSON line {"t", "path", "query"}; the answer is 200, empty body.
Usage: http_sink.py PORT LOGFILE [MAX_SECONDS]
"""
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG = int(sys.argv[1]), sys.argv[2]
MAX_S = float(sys.argv[3]) if len(sys.argv) > 3 else 300
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        u = urllib.parse.urlsplit(self.path)
        q = {k: v[0] if len(v) == 1 else v for k, v in urllib.parse.parse_qs(u.query, keep_blank_values=True).items()}
        with LOCK, open(LOG, "a") as f:
            f.write(json.dumps({"t": time.time(), "path": u.path, "query": q}, ensure_ascii=False) + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


srv = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
threading.Timer(MAX_S, srv.shutdown).start()
srv.serve_forever()
