"""Summaries and reports: ``report.md`` for reading in a terminal or PR, ``report.html`` (self-contained,
inline SVG plots) for looking at, both from ``results.jsonl``.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from pathlib import Path
from statistics import mean
from typing import Any

Summary = dict[str, dict[str, Any]]


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[idx]


def summarise(records: list[dict[str, Any]]) -> Summary:
    """Per (task, pipeline): mean of every metric, per-type means, paraphrased split, latency percentiles."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        groups[f"{r['task']}/{r['pipeline']}"].append(r)
    out: Summary = {}
    for key, rows in sorted(groups.items()):
        scored = [r for r in rows if r.get("metrics")]
        out[key] = {
            "n": len(rows),
            "metrics": _means(scored),
            "by_type": {t: _means([r for r in scored if r.get("type") == t])
                        for t in sorted({r.get("type", "") for r in scored})},
            "paraphrased": _means([r for r in scored if r.get("paraphrased")]),
            "literal": _means([r for r in scored if not r.get("paraphrased")]),
            "latency_ms": _latency(rows),
        }
        if any("refused" in r.get("metrics", {}) for r in rows):
            out[key]["metrics"].update(_refusals(rows))
        if any("summary" in r for r in rows):
            out[key]["summary"] = _merge_summaries([r["summary"] for r in rows if "summary" in r])
    return out


def _refusals(rows: list[dict[str, Any]]) -> dict[str, float]:
    from evaluation.metrics import refusal_scores

    pairs = [(not r["answerable"], bool(r["metrics"]["refused"])) for r in rows if "refused" in r["metrics"]]
    return {k: round(v, 4) for k, v in refusal_scores(pairs).items()}


def _means(rows: list[dict[str, Any]]) -> dict[str, float]:
    keys = sorted({k for r in rows for k in r["metrics"]})
    return {k: round(mean(r["metrics"][k] for r in rows if k in r["metrics"]), 4) for k in keys}


def _latency(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    stages: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        for stage, seconds in r.get("latency", {}).items():
            stages[stage].append(seconds * 1000)
    return {s: {"p50": round(_pct(v, 50), 1), "p95": round(_pct(v, 95), 1), "n": len(v)}
            for s, v in stages.items()}


def _merge_summaries(parts: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for part in parts:
        merged.update(part)
    return merged


def write_reports(summary: Summary, out_dir: Path, title: str, extra: dict[str, Any] | None = None) -> None:
    (out_dir / "summary.json").write_text(json.dumps({"title": title, "summary": summary, **(extra or {})},
                                                     ensure_ascii=False, indent=2), encoding="utf-8")
    (out_dir / "report.md").write_text(markdown_report(summary, title, extra), encoding="utf-8")
    (out_dir / "report.html").write_text(html_report(summary, title, extra), encoding="utf-8")


def _table(summary: Summary, task: str) -> tuple[list[str], list[tuple[str, dict[str, float]]]]:
    rows = [(k.split("/", 1)[1], v["metrics"]) for k, v in summary.items() if k.startswith(task + "/")]
    cols = sorted({c for _, m in rows for c in m})
    return cols, rows


def markdown_report(summary: Summary, title: str, extra: dict[str, Any] | None = None) -> str:
    lines = [f"# {title}", ""]
    if extra:
        lines += [f"- {k}: {v}" for k, v in extra.items()] + [""]
    for task in sorted({k.split("/")[0] for k in summary}):
        cols, rows = _table(summary, task)
        if not rows:
            continue
        lines += [f"## {task}", "", "| pipeline | n | " + " | ".join(cols) + " |",
                  "|---|---|" + "---|" * len(cols)]
        base = rows[0][1] if rows else {}
        for name, metrics in rows:
            n = summary[f"{task}/{name}"]["n"]
            lines.append(f"| {name} | {n} | " + " | ".join(f"{metrics.get(c, float('nan')):.3f}" for c in cols) + " |")
        if len(rows) > 1:
            lines += ["", "Ratios to the first pipeline (" + rows[0][0] + "):", ""]
            for name, metrics in rows[1:]:
                ratios = ", ".join(f"{c} {metrics[c] / base[c]:.2f}×" for c in cols if base.get(c) and c in metrics)
                lines.append(f"- {name}: {ratios}")
        lines.append("")
        for name, _ in rows:
            entry = summary[f"{task}/{name}"]
            lines += [f"### {task} · {name}", ""]
            if entry["by_type"]:
                lines.append("By question type: " + "; ".join(
                    f"**{t}** " + ", ".join(f"{k} {v:.3f}" for k, v in m.items() if k in _KEY_METRICS)
                    for t, m in entry["by_type"].items()))
            if entry["paraphrased"] and entry["literal"]:
                lines.append("Paraphrased vs literal: " + ", ".join(
                    f"{k} {entry['paraphrased'][k]:.3f} / {entry['literal'].get(k, float('nan')):.3f}"
                    for k in entry["paraphrased"] if k in _KEY_METRICS))
            lat = entry["latency_ms"]
            if lat:
                lines.append("Latency (ms, p50/p95): " + ", ".join(
                    f"{s} {v['p50']}/{v['p95']}" for s, v in sorted(lat.items())))
            if entry.get("summary"):
                lines.append("Summary: " + ", ".join(f"{k} {v}" for k, v in entry["summary"].items()))
            lines.append("")
    return "\n".join(lines) + "\n"


_KEY_METRICS = {"hit@1", "hit@5", "hit@1_or_copy", "hit@5_or_copy", "ndcg@10", "passage_recall@5",
                "labelled_passage_recall@5", "mrr",
                "citation_precision", "citation_recall",
                "key_fact_recall", "token_f1", "refused", "structure", "figure_coverage", "rouge_l",
                "invented_unflagged"}
_COLORS = ["#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0ea5e9"]


def _bar_svg(series: list[tuple[str, dict[str, float]]], metrics: list[str]) -> str:
    width, bar_h, gap = 720, 14, 10
    lines, y = [], 20
    for metric in metrics:
        lines.append(f'<text x="0" y="{y + 10}" font-size="12" font-weight="bold">{html.escape(metric)}</text>')
        y += 16
        for i, (name, values) in enumerate(series):
            value = values.get(metric)
            if value is None:
                continue
            w = max(1, int((width - 220) * min(value, 1.0)))
            color = _COLORS[i % len(_COLORS)]
            lines.append(f'<text x="0" y="{y + 11}" font-size="11">{html.escape(name)}</text>'
                         f'<rect x="160" y="{y}" width="{w}" height="{bar_h}" fill="{color}"/>'
                         f'<text x="{165 + w}" y="{y + 11}" font-size="11">{value:.3f}</text>')
            y += bar_h + 4
        y += gap
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}">{"".join(lines)}</svg>'


def _latency_svg(summary: Summary) -> str:
    rows = [(k, s, v) for k, e in summary.items() for s, v in sorted(e["latency_ms"].items())]
    if not rows:
        return ""
    top = max(v["p95"] for _, _, v in rows) or 1.0
    width, y, parts = 720, 10, []
    for key, stage, v in rows:
        w50, w95 = int(400 * v["p50"] / top), int(400 * v["p95"] / top)
        parts.append(f'<text x="0" y="{y + 10}" font-size="11">{html.escape(key)} · {html.escape(stage)}</text>'
                     f'<rect x="260" y="{y}" width="{max(w95, 1)}" height="12" fill="#fbbf24"/>'
                     f'<rect x="260" y="{y}" width="{max(w50, 1)}" height="12" fill="#2563eb"/>'
                     f'<text x="{265 + w95}" y="{y + 10}" font-size="11">p50 {v["p50"]} · p95 {v["p95"]} ms</text>')
        y += 16
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 200}" height="{y + 10}">{"".join(parts)}</svg>'


def html_report(summary: Summary, title: str, extra: dict[str, Any] | None = None) -> str:
    body = [f"<h1>{html.escape(title)}</h1>"]
    if extra:
        body.append("<ul>" + "".join(f"<li>{html.escape(str(k))}: {html.escape(str(v))}</li>"
                                     for k, v in extra.items()) + "</ul>")
    for task in sorted({k.split("/")[0] for k in summary}):
        cols, rows = _table(summary, task)
        if not rows:
            continue
        body.append(f"<h2>{html.escape(task)}</h2><table><tr><th>pipeline</th>"
                    + "".join(f"<th>{html.escape(c)}</th>" for c in cols) + "</tr>")
        for name, metrics in rows:
            body.append(f"<tr><td>{html.escape(name)}</td>" + "".join(
                f"<td>{metrics.get(c, float('nan')):.3f}</td>" for c in cols) + "</tr>")
        body.append("</table>")
        shown = [c for c in cols if c in _KEY_METRICS] or cols[:6]
        body.append(_bar_svg(rows, shown))
        for name, _ in rows:
            by_type = summary[f"{task}/{name}"]["by_type"]
            if by_type:
                body.append(f"<h3>{html.escape(name)}: by question type</h3>")
                body.append(_bar_svg(list(by_type.items()), [c for c in shown if c in _KEY_METRICS][:3]))
    body.append("<h2>Latency</h2>" + _latency_svg(summary))
    style = ("body{font-family:system-ui,'Noto Sans KR',sans-serif;max-width:1000px;margin:2em auto}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
    return (f"<!doctype html><html lang='ko'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body>{''.join(body)}</body></html>")
