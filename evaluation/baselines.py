"""Baseline retrievers run in the same harness as ours.

``NaiveLlamaIndexRetriever`` is what a team gets from the llama-index quick start: default
``SentenceSplitter``, a dense ``VectorStoreIndex`` with the same embedding model, top-k. It reads the same
extracted document texts from the manifest, so the comparison isolates retrieval.
"""

from __future__ import annotations

from typing import Any

from core.types import Chunk, Hit, SearchFilters


class NaiveLlamaIndexRetriever:
    name = "naive-llamaindex"

    def __init__(self, kb: Any) -> None:
        from llama_index.core import Document, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter

        self._kb = kb
        self._docs = kb.document_metas()
        documents = [Document(text=kb.manifest.document_text(doc_id) or "", id_=doc_id)
                     for doc_id in sorted(self._docs)]
        nodes = SentenceSplitter().get_nodes_from_documents(documents)
        self._index = VectorStoreIndex(nodes, embed_model=_as_llamaindex_embedding(kb.embedder),
                                       show_progress=False)

    def retrieve(self, query: str, filters: SearchFilters, k: int = 10) -> list[Hit]:
        retriever = self._index.as_retriever(similarity_top_k=k)
        hits = []
        for rank, result in enumerate(retriever.retrieve(query)):
            doc_id = result.node.ref_doc_id or ""
            meta = self._docs.get(doc_id)
            if meta is None or not filters.admits(meta):
                continue
            node: Any = result.node
            chunk = Chunk(chunk_id=f"n_{node.node_id}", doc_id=doc_id, text=node.get_content(),
                          start=node.start_char_idx or 0, end=node.end_char_idx or 0, ordinal=rank)
            hits.append(Hit(chunk=chunk, doc=meta, score=float(result.score or 0.0),
                            scores={"dense": float(result.score or 0.0)}))
        return hits


def _as_llamaindex_embedding(embedder: Any) -> Any:
    from llama_index.core.embeddings import BaseEmbedding

    class _Wrapped(BaseEmbedding):
        def _get_query_embedding(self, query: str) -> list[float]:
            return [float(x) for x in embedder.embed_queries([query])[0]]

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return [float(x) for x in embedder.embed_documents([text])[0]]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return [[float(x) for x in row] for row in embedder.embed_documents(texts)]

    return _Wrapped(model_name="pressroom", embed_batch_size=32)
