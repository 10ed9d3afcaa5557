#!/usr/bin/env bash
# Run the pg_regress, isolation and pgTAP suites against civid built with
# AddressSanitizer and UndefinedBehaviorSanitizer (make SANITIZE=1), on a
# server of its own that preloads libasan; fails on any sanitizer report.
# See fuzz/run_sanitized_suite.sh and fuzz/README.md.
set -euo pipefail
exec bash "$(dirname "$0")/../../fuzz/run_sanitized_suite.sh"
