#!/usr/bin/env bash
# medians.sh results.csv: median wall time per set, peer and operation, and the ratio of each
# peer's median to Ferry's ("tool") for the same set (copy ops vs tool copy, and so on by kind).
set -euo pipefail
awk -F, 'NR > 1 { k = $1 "," $2 "," $3; v[k] = v[k] " " $6 }
END {
  for (k in v) {
    n = split(substr(v[k], 2), a, " ");
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    m = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2;
    print k "," m "," n
  }
}' "$1" | sort | awk -F, '
  { kind = $3; sub(/-.*/, "", kind); if (kind == "check" || kind == "diff") kind = "compare";
    if (kind == "sync" || kind == "update") kind = "update";
    med[$1 "," $2 "," $3] = $4; runs[$1 "," $2 "," $3] = $5; if ($2 == "tool") tool[$1 "," kind] = $4; key[NR] = $1 "," $2 "," $3 "," kind }
  END {
    printf "%-6s %-7s %-16s %9s %5s %12s\n", "set", "peer", "op", "median_s", "runs", "ferry/peer";
    for (i = 1; i <= NR; i++) { split(key[i], p, ","); k = p[1] "," p[2] "," p[3]; t = tool[p[1] "," p[4]];
      r = (t != "" && p[2] != "tool") ? sprintf("%.2f", t / med[k]) : "";
      printf "%-6s %-7s %-16s %9.2f %5d %12s\n", p[1], p[2], p[3], med[k], runs[k], r }
  }'
