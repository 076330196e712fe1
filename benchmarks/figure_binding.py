"""Replay the figure-binding check over a finished answer run (not a test).

    python benchmarks/figure_binding.py --store STORE --results OUT/results.jsonl [--show]

For every cited sentence of every answer in a ``pressroom eval --task answer`` run, rebuild its citations
from the store (quote, the table header above it, the document's date) and ask ``generate.binding.misbound``
whether the sentence reads a figure under another year's column or pins it to a year its passages do not
speak of, and the judge's item check (``core.textnorm.misread_enumeration``) whether it takes a figure listed
for another item ("둘째 … 200만 원" from "첫째 200만 원, 둘째 300만 원"). A run made before the check shows which sentences it would have dropped; a run made with it
should show none. Also prints how often the answer's first sentence states only figures the reference
answer holds (a rough reading of whether the lead claim is right: references leave out context figures).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

_ATTRIBUTION = re.compile(r"^\s*「[^」]*」\([^)]*\)에 따르면,\s*")
_LEAD_KINDS = ("amount", "count", "percent", "ratio", "measure", "number", "date", "time", "period")


def citations_of(kb: Any, record: dict[str, Any], stems: dict[str, Any]) -> dict[int, Any]:
    """The record's citations as ``Citation`` objects, with the table header found again in the chunk."""
    from generate.evidence import table_header, table_lead_in
    from generate.types import Citation

    out: dict[int, Any] = {}
    for c in record["citations"]:
        chunk = kb.manifest.chunks([c["chunk_id"]]).get(c["chunk_id"])
        meta = stems.get(c["doc"])
        context = ""
        if chunk is not None and "|" in c["quote"] and c["quote"] in chunk.text:
            lead = table_lead_in(kb.manifest.document_text(chunk.doc_id) or "", chunk.start) if chunk.start else ""
            context = table_header(lead + chunk.text, len(lead) + chunk.text.index(c["quote"]))
        out.setdefault(c["n"], Citation(
            n=c["n"], chunk_id=c["chunk_id"], doc_id=c["doc"], title="", source_path="", start=0, end=1,
            quote=c["quote"], context=context or None, date=meta.date if meta else None))
    return out


def cited_sentences(answer: str) -> list[tuple[str, list[int]]]:
    """(sentence without its attribution, [n, …]) for each sentence of an answer's text."""
    return [(_ATTRIBUTION.sub("", text.strip()), [int(n) for n in re.findall(r"\d+", marks)])
            for text, marks in re.findall(r"(.*?)((?:\[\d+\])+)", answer)]


def lead_states_reference_figures(record: dict[str, Any]) -> bool | None:
    """None when the first sentence states no figure beyond the question's; else whether the reference
    answer holds every such figure."""
    from core.textnorm import extract_figures, figures_supported

    lead = _ATTRIBUTION.sub("", re.split(r"\[\d+\]", record["answer"], maxsplit=1)[0])
    asked = {(f.kind, f.norm) for f in extract_figures(record["question"])}
    if not [f for f in extract_figures(lead) if f.kind in _LEAD_KINDS and (f.kind, f.norm) not in asked]:
        return None
    _, missing = figures_supported(lead, [record["reference"]])
    return not [f for f in missing if f.kind in _LEAD_KINDS and (f.kind, f.norm) not in asked]


def main() -> None:
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from core.textnorm import misread_enumeration
    from generate.binding import misbound

    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--show", action="store_true", help="print each flagged sentence")
    args = parser.parse_args()
    kb = KnowledgeBase(Settings(data_dir=args.store))
    stems = {Path(m.source_path).stem: m for m in kb.document_metas().values()}
    records = [json.loads(line) for line in args.results.read_text(encoding="utf-8").splitlines() if line]
    answered = [r for r in records if not r.get("refusal_reason")]
    sentences = flagged = 0
    flagged_answers = {True: 0, False: 0}
    for record in answered:
        cites = citations_of(kb, record, stems)
        hits = []
        for text, numbers in cited_sentences(record["answer"]):
            sentences += 1
            cited = [cites[n] for n in numbers if n in cites]
            if misbound(text, cited, list(cites.values())) or misread_enumeration(text, [c.quote for c in cited]):
                hits.append(text)
        flagged += len(hits)
        flagged_answers[bool(record["answerable"])] += bool(hits)
        if hits and args.show:
            print(f"{record['qid']} {record['question']}\n  reference: {record['reference'][:120]}")
            for text in hits:
                print(f"  flagged: {text[:140]}")
    leads = [v for r in answered if r["answerable"] for v in [lead_states_reference_figures(r)] if v is not None]
    print(f"{len(answered)} answers, {sentences} cited sentences; misbound: {flagged} sentences in "
          f"{flagged_answers[True]} answerable and {flagged_answers[False]} unanswerable answers")
    print(f"first sentence states only the reference's figures: {sum(leads)} of {len(leads)} "
          f"({sum(leads) / max(len(leads), 1):.3f})")
    kb.close()


if __name__ == "__main__":
    main()
