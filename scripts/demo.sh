#!/usr/bin/env bash
# The headless demo: a whole small audit through the `tenken` CLI, in a fresh demo database.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --locked -p tenken --bin tenken --example bench_gen
T="$CARGO_TARGET_DIR/debug/tenken"
GEN="$CARGO_TARGET_DIR/debug/examples/bench_gen"
OUT="${TENKEN_DEMO_DIR:-$PWD/demo-output}"
rm -rf "$OUT"; mkdir -p "$OUT"
export TENKEN_DB="$OUT/demo.db"
export XDG_DATA_HOME="$OUT/data"            # the demo's signing identity stays in the demo folder
export TENKEN_DEMO_KEY="demo-passphrase"    # for the demo only: real identities take a prompt
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Frameworks built in / 収録フレームワーク"
"$T" catalog list
step "A supplier and an audit against JAMA/JAPIA V2.2, target Lv1 / 取引先と監査の作成"
"$T" org add "株式会社サンプル部品" --code S-0001
"$T" assessment new --org "株式会社サンプル部品" --catalog jama-japia-2.2 --scope target_level=1 \
  --auditor "監査 太郎" --site "本社工場" --start 2026-11-20 --end 2026-11-21
step "Verdicts, a note, evidence and a finding / 判定・メモ・証跡・指摘"
"$T" verdict 1 1 conforms --note "情報セキュリティ方針（2026年4月改定）を確認"
"$T" verdict 1 4 partial --note "誓約書は入社時のみ。退職時の手続きが未整備"
echo "方針文書の写し (demo evidence)" > "$OUT/policy.txt"
"$T" evidence add 1 1 "$OUT/policy.txt"
"$T" finding add 1 --item 4 --severity major --description "退職時の守秘義務確認が行われていない" \
  --action "退職手続きに誓約書の再確認を追加する" --owner "総務部" --due 2027-01-31
step "Where the walk stands / 進捗"
"$T" assessment show 1
step "Score: supplier answers and auditor verdicts side by side / 採点"
"$T" score 1
step "A supplier's filled-in checksheet (generated sample, 153 rows), imported / 取引先回答の取り込み"
"$GEN" --out "$OUT/received" --count 1 >/dev/null
"$T" import "$OUT/received/supplier-0001.xlsx" --catalog jama-japia-2.2
"$T" score 2
step "A blank checksheet for suppliers / 取引先向け空チェックシート"
"$T" template --catalog jama-japia-2.2 --scope target_level=1 -o "$OUT/checksheet-blank.xlsx"
step "Signing identity, then signed PDF report and Excel results / 電子署名付き報告書"
"$T" identity new --name "監査 太郎" --org "点検監査株式会社" --passphrase-env TENKEN_DEMO_KEY
"$T" export 1 --pdf "$OUT/report.pdf" --xlsx "$OUT/results.xlsx" --json "$OUT/assessment.json" \
  --sign --identity-passphrase-env TENKEN_DEMO_KEY
"$T" verify "$OUT/report.pdf"
"$T" verify "$OUT/results.xlsx"
step "The audit trail, hash chain verified / 監査証跡の検証"
"$T" log 1
"$T" log --verify
printf '\nDemo data is in %s (database %s).\n' "$OUT" "$TENKEN_DB"
