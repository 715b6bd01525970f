#!/usr/bin/env python3
"""Dumps the TS 23.038 tables of the independent PyPI package `gsmcodecs` (MIT, generated from
3GPP TS 23.038 V18.0.0) to gsmcodecs_tables.json, the fixture tests/national_tables.rs checks
every table position of the gsm7 crate against, both ways.

    pip install gsmcodecs==1.0.0
    python3 gsm7/tests/data/gen_gsmcodecs_tables.py
"""
import json
import os
from importlib.metadata import version

from gsmcodecs.charmaps import GSMCHARMAPS

out = {
    "source": "PyPI gsmcodecs %s (gsmcodecs/charmaps.py, from 3GPP TS 23.038 V18.0.0)"
    % version("gsmcodecs"),
    "locking": {},
    "single": {},
}
for lang, maps in sorted(GSMCHARMAPS.items()):
    for kind, key in (("locking", "locking"), ("single", "singleShift")):
        if key not in maps:
            continue
        out[kind][str(lang)] = {
            "decode": {str(k): v for k, v in sorted(maps[key]["decode"].items())},
            "encode": {str(k): v for k, v in sorted(maps[key]["encode"].items())},
        }
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gsmcodecs_tables.json")
with open(path, "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
    f.write("\n")
