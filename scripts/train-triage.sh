#!/usr/bin/env bash
# Train the triage models (emotions, complaint, category, urgency) and write
# crates/tact-core/data/triage-model.bin. Trains only on shippable data: GoEmotions train and
# the labelled customer messages; the complaint threshold is tuned on complaints-dev.csv.
# Prints the k-fold cross-validated figures. Deterministic: the same data gives the same file.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
cargo run --quiet -p tact-core --example train_triage -- "$DATA" crates/tact-core/data/triage-model.bin
