"""Time per draft: the template path on every brief (goal ≤ 1 s) and the embedded LLM on a few (≤ 90 s).

    python benchmarks/drafts.py [--store DATA_DIR] [--llm N] [--json OUT]

Without ``--store`` drafts use the brief alone (no exemplar retrieval); with it, retrieval against that
knowledge base is included in the time. The LLM runs on the first ``N`` briefs only: 2 shared cores.
Prints one line per draft and a summary; quality numbers (structure, figure coverage, invented figures)
are printed next to the time so a fast draft that is wrong cannot pass unnoticed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

REPO = Path(__file__).resolve().parents[1]


def _kb(store: Path | None) -> Any:
    if store is None:
        return None
    from core.kb import KnowledgeBase
    from core.settings import Settings

    return KnowledgeBase(Settings(data_dir=store))


def _row(brief: Any, result: Any, style: Any) -> dict[str, Any]:
    from evaluation.metrics import brief_figure_coverage, figure_fidelity
    from generate.draft.style import structure_ok

    text = result.release.to_text(style)
    marked = {f.raw for f in result.flags if f.action == "marked"}
    invented = figure_fidelity(text, brief.source_texts() + [c.quote for c in result.background]).invented
    return {"brief": brief.id, "generator": result.generator, "seconds": round(result.timings["total"], 3),
            "structure": structure_ok(text, style), "coverage": round(brief_figure_coverage(brief.key_facts, text), 3),
            "flags": len(result.flags), "invented_unflagged": len([r for r in invented if r not in marked])}


def run(store: Path | None, llm: int) -> dict[str, Any]:
    from core.settings import Settings
    from generate.backends import make_chat_model
    from generate.draft.brief import load_brief
    from generate.draft.drafter import Drafter
    from generate.draft.style import load_style

    style = load_style()
    kb = _kb(store)
    briefs = [load_brief(p) for p in sorted((REPO / "corpus" / "eval" / "briefs").glob("*.yaml"))]
    t0 = time.perf_counter()
    Drafter(kb, None, style).draft(briefs[0])  # first draft loads Kiwi (~2–4 s once per process)
    cold = time.perf_counter() - t0
    template = [_row(b, Drafter(kb, None, style).draft(b), style) for b in briefs]
    out: dict[str, Any] = {"cold_first_draft_s": round(cold, 3), "template": template}
    if llm:
        model = make_chat_model(kb.settings if kb else Settings(), "embedded")
        assert model is not None
        t0 = time.perf_counter()
        model.load()  # type: ignore[attr-defined]
        out["llm_load_s"] = round(time.perf_counter() - t0, 1)
        out["llm"] = [_row(b, Drafter(kb, model, style).draft(b), style) for b in briefs[:llm]]
    out["load_average"] = os.getloadavg()
    return out


def _print(out: dict[str, Any]) -> None:
    for name in ("template", "llm"):
        rows = out.get(name, [])
        for r in rows:
            print(f"{name:8} {r['brief']:7} {r['seconds']:7.3f}s structure={r['structure']!s:5} "
                  f"coverage={r['coverage']:.3f} flags={r['flags']} unflagged={r['invented_unflagged']} "
                  f"({r['generator']})")
        if rows:
            times = [r["seconds"] for r in rows]
            print(f"{name}: median {statistics.median(times):.3f}s, max {max(times):.3f}s over {len(rows)} drafts")
    print(f"cold first draft {out['cold_first_draft_s']}s; load average {out['load_average']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=None, help="knowledge base data dir (retrieval included)")
    parser.add_argument("--llm", type=int, default=0, help="draft the first N briefs with the embedded LLM")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    for key, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("DO_NOT_TRACK", "1")):
        os.environ.setdefault(key, value)
    out = run(args.store, args.llm)
    _print(out)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
