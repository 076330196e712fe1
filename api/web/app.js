// Pressroom web page: plain JS, no build step. All user-visible text is Korean; every piece of
// server text is inserted with textContent (never innerHTML), so documents cannot inject markup.
"use strict";

const ROLE_RANK = { reader: 0, writer: 1, admin: 2 };
const TYPE_LABELS = { press_release: "보도자료", policy: "정책 문서", case_study: "사례", other: "기타" };
// A passage read by OCR from a scan: a figure in it may be misread, so the reader is told to check the original.
const OCR_NOTE = "OCR로 읽음(원문 확인)";
const ACCESS_LABELS = { public: "공개", internal: "내부" };
const STATUS_LABELS = { ready: "완료", pending: "처리 중", failed: "실패" };
const state = { me: null, history: [], conversationId: null, lastDraft: null, lastBrief: null, lastKind: null };

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

// ---------------------------------------------------------------- API access
function headers(extra = {}) {
  const key = localStorage.getItem("pressroom.key");
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

async function problemText(response) {
  try {
    const body = await response.json();
    return body.detail || `오류 ${response.status}`;
  } catch {
    return `오류 ${response.status}`;
  }
}

async function api(path, options = {}) {
  const init = { ...options, headers: headers(options.headers || {}) };
  if (options.json !== undefined) {
    init.body = JSON.stringify(options.json);
    init.method = init.method || "POST";
    init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, init);
  if (!response.ok) throw new Error(await problemText(response));
  return response.status === 204 ? null : response.json();
}

// ---------------------------------------------------------------- who am I
async function loadMe() {
  try {
    state.me = await api("/v1/me");
    const me = state.me;
    $("who").textContent = `${me.name} · ${me.role_label} · 열람 등급 ${ACCESS_LABELS[me.clearance]}`;
    $("demo-banner").hidden = !me.demo;
  } catch (error) {
    state.me = null;
    $("who").textContent = error.message;
  }
  for (const node of document.querySelectorAll("[data-min-role]")) {
    node.hidden = !hasRole(node.dataset.minRole);
  }
  if (state.me) {
    loadDocuments();
    loadDepartments();
  }
}

// ---------------------------------------------------------------- ingestion on start (pressroom demo)
async function watchStartupIngest() {
  let ingest = null;
  try {
    ingest = (await (await fetch("/readyz")).json()).ingest;
  } catch {
    return;  // the server is restarting: the next page load asks again
  }
  const banner = $("ingest-banner");
  if (!ingest) {
    banner.hidden = true;
    return;
  }
  if (ingest.status === "queued" || ingest.status === "running") {
    banner.textContent = `문서를 수집하는 중입니다 (${ingest.done}/${ingest.total}). ` +
      "끝나기 전의 검색과 답변은 지금까지 수집된 문서만 봅니다.";
    banner.hidden = false;
    setTimeout(watchStartupIngest, 3000);
  } else if (ingest.status === "failed" || ingest.failed > 0) {
    banner.textContent = `문서 수집이 끝났지만 ${ingest.failed}개 파일은 실패했습니다` +
      (ingest.error ? `: ${ingest.error}` : ". 문서 탭에서 확인하세요.");
    banner.hidden = false;
  } else {
    banner.hidden = true;
  }
}

function hasRole(role) {
  return state.me != null && ROLE_RANK[state.me.role] >= ROLE_RANK[role];
}

// ---------------------------------------------------------------- tabs
function showTab(name) {
  for (const button of document.querySelectorAll("[role=tab]")) {
    button.setAttribute("aria-selected", String(button.dataset.tab === name));
  }
  for (const section of document.querySelectorAll(".tab")) section.hidden = section.id !== `tab-${name}`;
  if (name === "docs") loadDocuments();
}

// ---------------------------------------------------------------- ask (streaming)
async function* sseEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let kind = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) kind = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trim());
      }
      if (data.length) yield { kind, data: JSON.parse(data.join("\n")) };
    }
  }
}

function citationButton(n, sources) {
  return el("button", {
    type: "button", class: "cite", dataset: { n: String(n) },
    title: "출처 보기", onclick: () => openCitation(sources.get(n)),
  }, `[${n}]`);
}

function renderAnswer(target, sentences, sources) {
  target.replaceChildren();
  for (const sentence of sentences) {
    target.append(sentence.text);
    for (const n of sentence.citations) target.append(citationButton(n, sources));
    target.append(" ");
  }
}

function renderSources(list, sources) {
  $("sources").replaceChildren(...list.map((c) => {
    sources.set(c.n, c);
    const meta = [c.date || "날짜 없음", c.department || "부서 없음", c.page ? `${c.page}쪽` : c.section,
      c.ocr ? OCR_NOTE : ""].filter(Boolean).join(" · ");
    return el("li", { dataset: { n: String(c.n) } },
      el("button", { type: "button", class: "link", onclick: () => openCitation(c) }, `[${c.n}] ${c.title}`),
      el("div", { class: "meta" }, meta),
      // A table row is shown under its header line, which names the columns and their units.
      ...(c.context ? [el("div", { class: "table-header" }, c.context)] : []),
      el("blockquote", {}, c.quote.length > 160 ? `${c.quote.slice(0, 160)}…` : c.quote));
  }));
}

async function ask(event) {
  event.preventDefault();
  const question = $("question").value.trim();
  if (!question) return;
  const answer = el("p", { class: "answer pending" }, "답변을 찾는 중…");
  const turn = el("div", { class: "turn" }, el("p", { class: "question" }, question), answer);
  $("turns").append(turn);
  $("question").value = "";
  $("ask-button").disabled = true;
  state.conversationId = state.conversationId || crypto.randomUUID();
  const body = {
    question, history: state.history.slice(-5), stream: true, conversation_id: state.conversationId,
    generator: $("extractive").checked ? "extractive" : null,
  };
  try {
    const response = await fetch("/v1/ask", {
      method: "POST", headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(await problemText(response));
    await streamAnswer(response, answer, turn);
    state.history.push(question);
  } catch (error) {
    answer.className = "answer error";
    answer.textContent = error.message;
  } finally {
    $("ask-button").disabled = false;
  }
}

async function streamAnswer(response, answer, turn) {
  const sources = new Map();
  const checked = [];
  let draft = "";
  for await (const { kind, data } of sseEvents(response)) {
    if (kind === "sources") renderSources(data.sources, sources);
    else if (kind === "token") {
      draft += data.delta;
      answer.className = "answer pending";
      answer.textContent = draft;
    } else if (kind === "sentence" && data.supported) {
      checked.push(data);
      renderAnswer(answer, checked, sources);
    } else if (kind === "done") {
      finishAnswer(data, answer, turn, sources);
    } else if (kind === "error") throw new Error(data.detail);
  }
}

function finishAnswer(data, answer, turn, sources) {
  for (const c of [...data.citations, ...(data.closest_sources || [])]) sources.set(c.n, c);
  answer.className = data.refused ? "answer refused" : "answer";
  renderAnswer(answer, data.sentences, sources);
  if (data.refused && data.closest_sources.length) renderSources(data.closest_sources, sources);
  else if (data.citations.length) renderSources(data.citations, sources);
  const seconds = data.timings && data.timings.total ? ` · ${data.timings.total.toFixed(1)}초` : "";
  turn.append(el("p", { class: "meta" }, `생성: ${data.generator}${seconds}`));
  if (data.dropped && data.dropped.length) turn.append(droppedList(data.dropped));
}

// The model's sentences no source supports: not part of the answer, listed (folded) for whoever checks it.
function droppedList(dropped) {
  const items = dropped.map((s) => el("li", {}, s.text,
    s.unsupported_reason ? el("span", { class: "meta" }, ` — ${s.unsupported_reason}`) : null));
  return el("details", { class: "dropped" },
    el("summary", {}, `근거로 확인되지 않아 답변에서 뺀 문장 ${dropped.length}개`), el("ul", {}, ...items));
}

function newConversation() {
  state.history = [];
  state.conversationId = null;
  $("turns").replaceChildren();
  $("sources").replaceChildren();
}

// ---------------------------------------------------------------- document context
async function openDocument(docId, start, end) {
  const dialog = $("doc-dialog");
  dialog.dataset.docId = docId;
  $("doc-title").textContent = "불러오는 중…";
  $("doc-meta").textContent = "";
  $("doc-summary").hidden = true;
  $("doc-summary-status").textContent = "";
  $("doc-text").replaceChildren();
  dialog.showModal();
  try {
    const doc = await api(`/v1/documents/${encodeURIComponent(docId)}?text=true`);
    $("doc-title").textContent = doc.title;
    $("doc-meta").textContent = [doc.date, doc.department, TYPE_LABELS[doc.doc_type], doc.file_name]
      .filter(Boolean).join(" · ");
    const text = doc.text || "";
    if (start == null || end == null || end <= start) {
      $("doc-text").textContent = text;
      return;
    }
    const mark = el("mark", { id: "quoted" }, text.slice(start, end));
    $("doc-text").append(text.slice(0, start), mark, text.slice(end));
    mark.scrollIntoView({ block: "center" });
  } catch (error) {
    $("doc-title").textContent = error.message;
  }
}

function openCitation(c) {
  if (c) openDocument(c.doc_id, c.start, c.end);
}

// A summary or a policy explainer of the open document, every sentence cited [n] to its passage.
async function summarizeDocument(kind) {
  const docId = $("doc-dialog").dataset.docId;
  $("doc-summary-status").textContent = kind === "explainer" ? "설명문을 쓰는 중…" : "요약하는 중…";
  try {
    const result = await api("/v1/summaries", { json: { doc_ids: [docId], kind, length: "short" } });
    if ($("doc-dialog").dataset.docId !== docId) return;  // another document was opened meanwhile
    const box = $("doc-summary");
    box.replaceChildren(el("h3", {}, kind === "explainer" ? "정책 설명문" : "요약"),
      ...result.text.split("\n").filter(Boolean).map((line) => el("p", {}, line)));
    box.hidden = false;
    $("doc-summary-status").textContent = "";
  } catch (error) {
    $("doc-summary-status").textContent = error.message;
  }
}

// ---------------------------------------------------------------- search
async function search(event) {
  event.preventDefault();
  const filters = {};
  if ($("search-from").value) filters.date_from = $("search-from").value;
  if ($("search-to").value) filters.date_to = $("search-to").value;
  if ($("search-dept").value.trim()) filters.departments = [$("search-dept").value.trim()];
  if ($("search-type").value) filters.doc_types = [$("search-type").value];
  $("search-status").textContent = "검색 중…";
  try {
    const result = await api("/v1/search", { json: { query: $("search-query").value, k: 10, filters } });
    $("search-status").textContent = [`${result.hits.length}건 (${result.took_ms}ms)`, ...(result.notices || [])]
      .join(" · ");
    $("search-results").replaceChildren(...result.hits.map(searchHit));
  } catch (error) {
    $("search-status").textContent = error.message;
  }
}

function searchHit(h) {
  const where = h.page ? `${h.page}쪽` : h.section || "";
  const snippet = el("p", { class: "snippet" });
  // The terms the query matched, marked in the passage (single syllables such as "명" would mark noise).
  highlight(snippet, h.text.length > 300 ? `${h.text.slice(0, 300)}…` : h.text,
    (h.matched_terms || []).filter((t) => t.length > 1), "hit");
  return el("li", {},
    el("button", { type: "button", class: "link", onclick: () => openDocument(h.doc_id, h.start, h.end) }, h.title),
    el("div", { class: "meta" },
      [h.date || "날짜 없음", h.department || "부서 없음", TYPE_LABELS[h.doc_type], where, h.ocr ? OCR_NOTE : "",
        h.file_name].filter(Boolean).join(" · ")),
    snippet);
}

// ---------------------------------------------------------------- documents
const DOCS_PAGE = 100;  // a city's archive holds thousands of releases: the list comes a page at a time

async function loadDocuments({ more = false } = {}) {
  const shown = more ? $("docs-body").querySelectorAll("tr[data-doc-id]").length : 0;
  const params = new URLSearchParams({ limit: DOCS_PAGE, offset: shown });
  if ($("docs-q").value.trim()) params.set("q", $("docs-q").value.trim());
  try {
    const { documents, count } = await api(`/v1/documents?${params}`);
    const rows = documents.map(documentRow);
    if (more) $("docs-body").append(...rows);
    else $("docs-body").replaceChildren(...rows);
    const listed = shown + documents.length;
    $("docs-count").textContent = `${count}개 중 ${listed}개`;
    $("docs-more").hidden = listed >= count;
  } catch (error) {
    $("docs-body").replaceChildren(el("tr", {}, el("td", { colspan: "7" }, error.message)));
  }
}

async function loadDepartments() {
  // The department fields suggest the departments the archive holds: a filter on "청년정책" (for
  // "청년정책과") matches nothing and would say nothing about why.
  try {
    const { departments } = await api("/v1/documents/departments");
    $("departments").replaceChildren(...departments.map((d) => el("option", { value: d })));
  } catch {
    // suggestions only: the fields still take any department
  }
}

function documentRow(d) {
  const remove = hasRole("admin")
    ? el("button", { type: "button", class: "danger", onclick: () => removeDocument(d) }, "삭제") : null;
  const status = d.status === "failed" ? `실패: ${d.error}` : STATUS_LABELS[d.status] || d.status;
  return el("tr", { dataset: { docId: d.doc_id } },
    el("td", {}, el("button", { type: "button", class: "link", onclick: () => openDocument(d.doc_id) }, d.title),
      el("div", { class: "meta file" }, d.file_name || "")),
    el("td", {}, d.date || ""), el("td", {}, d.department || ""), el("td", {}, TYPE_LABELS[d.doc_type] || ""),
    el("td", {}, ACCESS_LABELS[d.access] || d.access), el("td", {}, status), el("td", {}, remove));
}

async function removeDocument(d) {
  if (!confirm(`'${d.title}' 문서를 삭제할까요? 검색과 답변에서 사라집니다.`)) return;
  try {
    await api(`/v1/documents/${encodeURIComponent(d.doc_id)}`, { method: "DELETE" });
    loadDocuments();
  } catch (error) {
    alert(error.message);
  }
}

function upload(event) {
  event.preventDefault();
  const form = new FormData();
  for (const file of $("upload-files").files) form.append("files", file);
  if ($("upload-access").value) form.append("access", $("upload-access").value);
  if ($("upload-dept").value.trim()) form.append("department", $("upload-dept").value.trim());
  if ($("upload-type").value) form.append("doc_type", $("upload-type").value);
  const progress = $("upload-progress");
  progress.hidden = false;
  progress.value = 0;
  const request = new XMLHttpRequest();  // fetch cannot report upload progress
  request.open("POST", "/v1/documents");
  for (const [key, value] of Object.entries(headers())) request.setRequestHeader(key, value);
  request.upload.onprogress = (e) => { if (e.lengthComputable) progress.value = (100 * e.loaded) / e.total; };
  request.onload = () => {
    const body = JSON.parse(request.responseText || "{}");
    if (request.status !== 202) {
      $("upload-status").textContent = body.detail || `오류 ${request.status}`;
      return;
    }
    progress.value = 100;
    pollJob(body.job_id);
  };
  request.onerror = () => { $("upload-status").textContent = "올리지 못했습니다 (네트워크 오류)."; };
  $("upload-status").textContent = "올리는 중…";
  request.send(form);
}

async function pollJob(jobId) {
  for (;;) {
    const job = await api(`/v1/jobs/${jobId}`);
    const failed = job.errors.map((o) => `${o.name}: ${o.message || o.reason}`).join(" / ");
    // a file recognised as another copy of a stored document (a release's PDF beside its HWP) says so
    const notes = job.outcomes.filter((o) => o.status !== "failed" && o.message)
      .map((o) => `${o.name}: ${o.message}`).join(" / ");
    $("upload-status").textContent = {
      queued: "대기 중…", running: `수집 중… (${job.done}/${job.total})`,
      done: `수집 완료 (${job.total}건)${failed ? ` · 실패: ${failed}` : ""}${notes ? ` · 알림: ${notes}` : ""}`,
      failed: `수집 실패: ${job.error || failed}`,
    }[job.status];
    if (job.status === "done" || job.status === "failed") break;
    await new Promise((resolve) => setTimeout(resolve, 700));
  }
  $("upload-form").reset();
  loadDocuments();
  loadDepartments();
}

// ---------------------------------------------------------------- draft
function briefFromForm() {
  const lines = (id) => $(id).value.split("\n").map((s) => s.trim()).filter(Boolean);
  const brief = {
    topic: $("brief-topic").value.trim(),
    department: $("brief-dept").value.trim(),
    release_date: $("brief-date").value || new Date().toISOString().slice(0, 10),
    key_facts: lines("brief-facts"),
  };
  const contact = { team: $("brief-team").value.trim(), people: $("brief-people").value.trim(),
    phone: $("brief-phone").value.trim() };
  brief.contact = Object.fromEntries(Object.entries(contact).filter(([, v]) => v));
  if ($("brief-speaker").value.trim() && lines("brief-quote").length) {
    brief.quote = { speaker: $("brief-speaker").value.trim(), points: lines("brief-quote") };
  }
  return brief;
}

async function draft(event) {
  event.preventDefault();
  state.lastBrief = briefFromForm();
  state.lastKind = $("brief-kind").value;
  $("draft-status").textContent = "초안을 만드는 중…";
  $("draft-result").hidden = true;
  try {
    const result = await api("/v1/drafts", { json: { brief: state.lastBrief, kind: state.lastKind, format: "json" } });
    state.lastDraft = result;
    renderDraft(result);
    $("draft-status").textContent = `완료 (${result.generator})`;
  } catch (error) {
    $("draft-status").textContent = error.message;
  }
}

function renderDraft(result) {
  const flagged = [...new Set(result.flags.map((f) => f.raw).filter(Boolean))];
  const article = $("draft-text");
  article.replaceChildren();
  for (const line of result.text.split("\n")) {
    const p = el("p");
    highlight(p, line, flagged);
    article.append(p);
  }
  $("draft-flags").textContent = flagged.length
    ? `확인이 필요한 표현 ${flagged.length}개 (노란색): ${flagged.join(", ")}` : "확인이 필요한 수치 없음";
  $("draft-result").hidden = false;
}

function highlight(node, text, needles, cls = "flag") {
  let rest = text;
  for (;;) {
    let best = null;
    for (const needle of needles) {
      const at = rest.indexOf(needle);
      if (at >= 0 && (best == null || at < best.at)) best = { at, needle };
    }
    if (best == null) break;
    node.append(rest.slice(0, best.at), el("mark", { class: cls }, best.needle));
    rest = rest.slice(best.at + best.needle.length);
  }
  node.append(rest);
}

async function exportDraft(format) {
  try {
    const response = await fetch("/v1/drafts", {
      method: "POST", headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify({ brief: state.lastBrief, kind: state.lastKind, format }),
    });
    if (!response.ok) throw new Error(await problemText(response));
    const blob = await response.blob();
    const link = el("a", { href: URL.createObjectURL(blob), download: `${state.lastBrief.topic}.${format}` });
    document.body.append(link);
    link.click();
    link.remove();
  } catch (error) {
    $("draft-status").textContent = error.message;
  }
}

// ---------------------------------------------------------------- wiring
function init() {
  $("key").value = localStorage.getItem("pressroom.key") || "";
  $("key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const key = $("key").value.trim();
    if (key) localStorage.setItem("pressroom.key", key);
    else localStorage.removeItem("pressroom.key");
    loadMe();
  });
  for (const button of document.querySelectorAll("[role=tab]")) {
    button.addEventListener("click", () => showTab(button.dataset.tab));
  }
  $("ask-form").addEventListener("submit", ask);
  $("question").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $("ask-form").requestSubmit();
    }
  });
  $("new-conversation").addEventListener("click", newConversation);
  $("search-form").addEventListener("submit", search);
  $("upload-form").addEventListener("submit", upload);
  $("docs-refresh").addEventListener("click", () => loadDocuments());
  $("docs-more").addEventListener("click", () => loadDocuments({ more: true }));
  $("docs-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    loadDocuments();
  });
  $("draft-form").addEventListener("submit", draft);
  for (const button of document.querySelectorAll("[data-export]")) {
    button.addEventListener("click", () => exportDraft(button.dataset.export));
  }
  $("doc-close").addEventListener("click", () => $("doc-dialog").close());
  for (const button of document.querySelectorAll("[data-summary]")) {
    button.addEventListener("click", () => summarizeDocument(button.dataset.summary));
  }
  loadMe();
  watchStartupIngest();
}

document.addEventListener("DOMContentLoaded", init);
