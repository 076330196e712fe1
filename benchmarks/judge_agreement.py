"""Agreement of the lexical support judge with the hand labels in evaluation/data/judge_labels.jsonl.

    python benchmarks/judge_agreement.py            # dev / test / all, per category, errors
    python benchmarks/judge_agreement.py --sweep    # threshold sweep on the dev half
    python benchmarks/judge_agreement.py --json

Splits: the threshold was tuned on ``dev``; the rules were then revised after reading the errors on
``dev`` and ``test``, so both are optimistic. ``holdout`` was written after rules and threshold were
frozen and never used to change them: it is the honest number (small, n = 33).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evaluation.judge import DEFAULT_THRESHOLD, LexicalJudge, SupportVerdict  # noqa: E402
from evaluation.metrics import binary_agreement  # noqa: E402

LABELS = ROOT / "evaluation" / "data" / "judge_labels.jsonl"


def load(path: Path = LABELS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def judge_all(rows: list[dict[str, Any]], judge: LexicalJudge) -> list[SupportVerdict]:
    return [judge(r["sentence"], r["cited"]) for r in rows]


def scores(rows: list[dict[str, Any]], verdicts: list[SupportVerdict], split: str | None) -> dict[str, float]:
    pairs = [(v.supported, r["supported"]) for r, v in zip(rows, verdicts, strict=True)
             if split is None or r["split"] == split]
    return binary_agreement([p for p, _ in pairs], [g for _, g in pairs])


def sweep(rows: list[dict[str, Any]]) -> None:
    """Coverage is computed once; only the threshold rule changes, so re-judge cheaply."""
    base = judge_all(rows, LexicalJudge(threshold=0.0))
    print("threshold  dev_acc  dev_kappa  test_acc  test_kappa  (holdout left out on purpose)")
    for t in [x / 20 for x in range(8, 20)]:
        verdicts = [SupportVerdict(v.supported and v.coverage >= t, v.coverage) for v in base]
        dev, test = scores(rows, verdicts, "dev"), scores(rows, verdicts, "test")
        print(f"{t:9.2f}  {dev['accuracy']:7.3f}  {dev['kappa']:9.3f}  {test['accuracy']:8.3f}  "
              f"{test['kappa']:10.3f}")


def report(rows: list[dict[str, Any]], as_json: bool) -> None:
    variants = {
        "full": LexicalJudge(),
        "no_name_check": LexicalJudge(check_names=False),
        "no_negation_check": LexicalJudge(check_negation=False),
        "no_contrast_check": LexicalJudge(check_contrasts=False),
        "coverage_and_figures_only": LexicalJudge(check_names=False, check_negation=False,
                                                  check_contrasts=False),
    }
    results: dict[str, Any] = {"threshold": DEFAULT_THRESHOLD, "n": len(rows)}
    for name, judge in variants.items():
        verdicts = judge_all(rows, judge)
        results[name] = {s or "all": scores(rows, verdicts, s) for s in ("dev", "test", "holdout", None)}
        if name == "full":
            results["by_category"] = _by_category(rows, verdicts)
            results["errors"] = [
                {"id": r["id"], "label": r["supported"], "category": r["category"], "sentence": r["sentence"],
                 "coverage": v.coverage, "reason": v.reason}
                for r, v in zip(rows, verdicts, strict=True) if v.supported != r["supported"]]
    if as_json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    print(f"{len(rows)} labelled pairs, threshold {DEFAULT_THRESHOLD}")
    print(f"{'variant':28} {'split':7} {'acc':>6} {'prec':>6} {'rec':>6} {'kappa':>6} {'n':>4}")
    for name in variants:
        for split, s in results[name].items():
            print(f"{name:28} {split:7} {s['accuracy']:6.3f} {s['precision']:6.3f} {s['recall']:6.3f} "
                  f"{s['kappa']:6.3f} {s['n']:4d}")
    print("\nfull judge, accuracy by category:")
    for category, (right, total) in sorted(results["by_category"].items()):
        print(f"  {category:18} {right}/{total}")
    print("\nfull judge, disagreements:")
    for e in results["errors"]:
        print(f"  {e['id']} label={e['label']} cov={e['coverage']:.2f} [{e['category']}] {e['sentence']}")
        print(f"      {e['reason'] or '(judged supported)'}")


def _by_category(rows: list[dict[str, Any]], verdicts: list[SupportVerdict]) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r, v in zip(rows, verdicts, strict=True):
        counts[r["category"]][0] += v.supported == r["supported"]
        counts[r["category"]][1] += 1
    return {k: (a, b) for k, (a, b) in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sweep", action="store_true", help="threshold sweep")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args()
    rows = load()
    if args.sweep:
        sweep(rows)
    else:
        report(rows, args.json)


if __name__ == "__main__":
    main()
