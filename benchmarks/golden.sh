#!/usr/bin/env bash
# Writes every fixture output polex produces into DIR, so a refactor can be checked byte for byte:
#   benchmarks/golden.sh /tmp/before ; (refactor) ; benchmarks/golden.sh /tmp/after ; diff -r /tmp/before /tmp/after
set -euo pipefail
out=${1:?usage: golden.sh DIR}
mkdir -p "$out"
cd "$(dirname "$0")/.."
fx=fixtures/pipeline.csv
export COLUMNS=120 POLEX_NO_CACHE=1
polex demo > "$out/demo.txt"
polex demo --lang ko > "$out/demo.ko.txt" 2>/dev/null || true
for ext in csv tsv xlsx json jsonl parquet md yaml; do
  polex rank "$fx" --out "$out/rank.$ext" --rejects "$out/rejects.$ext" > "$out/rank.$ext.stdout" 2>&1 || echo "rank $ext exit $?" >> "$out/errors.txt"
done
polex rank "$fx" > "$out/rank.term.txt"
polex explain "$fx" --id 002-CLARK > "$out/explain.txt"
polex explain "$fx" --id 002-CLARK --format json > "$out/explain.json"
polex explain "$fx" --id 003-P02 --format yaml --lang ko > "$out/explain.ko.yaml"
polex report "$fx" -o "$out/report.html" --sensitivity 50 > /dev/null
polex report "$fx" -o "$out/report.ko.html" --lang ko > /dev/null
polex sensitivity "$fx" --draws 200 --out "$out/sens.csv" > "$out/sens.txt"
polex score --set id=x --set partner_city=Hanoi --set country=VNM --set stage=pilot > "$out/score.txt"
polex weights show > "$out/weights.txt"
polex rules list > "$out/rules.txt"
polex calibrate fixtures/outcomes.csv --out "$out/learned.yaml" > "$out/calibrate.txt" 2>&1 || echo "calibrate exit $?" >> "$out/errors.txt"
# xlsx is a zip with timestamps: compare its unpacked members
for x in "$out"/*.xlsx; do mkdir -p "$x.d" && (cd "$x.d" && python3 -m zipfile -e "$x" .) && rm "$x"; done
