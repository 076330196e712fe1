"""House-style drafting: briefs → press releases (template or LLM section by section, figure-guarded),
summaries and policy explainers with citations, and Markdown/HWPX/DOCX export.

Import the pieces from their modules (``generate.draft.drafter.Drafter`` …); this package file stays
empty of imports so ``pressroom --help`` loads nothing heavy.
"""
