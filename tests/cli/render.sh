#!/usr/bin/env bash
# `pond render`: CPPN genomes painted as PNG or animated GIF, at any size; a bred genome saved and
# rendered again gives the same picture; bad input gets one clear line.
source "$(dirname "$0")/lib.sh"

expect_ok render --random 3 --mutations 40 --size 96 --out bred.png --save bred.json
expect_contains "$OUT" "wrote bred.png (96 x 96)"
expect_png bred.png
expect_ok render bred.json --size 96 --out again.png
expect_same_bytes bred.png again.png "a saved genome renders the same picture"
expect_ok render bred.json --size 300 --height 120 --out wide.png
python3 - wide.png <<'PY' || fail "wide.png has the wrong size"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert struct.unpack(">II", data[16:24]) == (300, 120)
PY

# An animation: a GIF89a with the frames asked for.
expect_ok render --random 5 --animated --grey --mutations 30 --size 48 --frames 6 --delay 5 --out loop.gif --save loop.json
expect_contains "$OUT" "6 frames"
expect_eq "$(head -c 6 loop.gif)" "GIF89a" "GIF header"
python3 - loop.json <<'PY' || fail "the animated genome has the wrong shape"
import json, sys
g = json.load(open(sys.argv[1]))
assert g["inputs"] == 5 and g["outputs"] == 1, (g["inputs"], g["outputs"])
PY

# Bad input.
expect_fail 2 "--out must end in .png or .gif" -- render bred.json --out x.jpg
expect_fail 2 "within 1..16384" -- render bred.json --size 0 --out x.png
expect_fail 2 "give a GENOME.json or --random SEED" -- render --out x.png
expect_fail 2 "--frames makes an animation" -- render bred.json --frames 4 --out x.png
expect_fail 1 "needs a genome with the t input" -- render bred.json --out x.gif
echo '{"format": "pond-neat-genome", "version": 1, "inputs": 4' >broken.json
expect_fail 1 "broken.json" -- render broken.json --out x.png
python3 - bred.json <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
assert g["outputs"] == 3  # colour: outputs are nodes 4, 5 and 6; drop the last
g["outputs"] = 2
g["nodes"] = [n for n in g["nodes"] if n["id"] != 6]
g["connections"] = [c for c in g["connections"] if 6 not in (c["from"], c["to"])]
json.dump(g, open("two.json", "w"))
PY
expect_fail 1 "1 output (ink) or 3" -- render two.json --out x.png
expect_no_files . x.png x.gif x.jpg
