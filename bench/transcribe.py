"""Transcribe a 60-second Dutch clip on the CPU, as the Celery worker does, and measure it.

espeak-ng reads a Dutch text of about a minute into a WAV, ffmpeg packs it into a webm voice
note (Opus), and the clip goes through the real code path: ffmpeg decodes it to 16 kHz mono
float32 (applications.transcripts.engine.decode_audio), faster-whisper transcribes it with the
model in TRANSCRIBE_MODEL_DIR (assembled from the dev packages when missing), int8, with
TRANSCRIBE_CPU_THREADS threads (default 2). Prints the model's load time, the real-time
factor (seconds of work per second of sound; below 1 is faster than real time), and the
process's peak resident memory. Usage: python bench/transcribe.py [SECONDS]   (default 60)
"""

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bij1_recruit.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from applications.transcripts import engine as transcription  # noqa: E402

# Fictitious words of an applicant, long enough for about a minute of speech.
TEXT = (
    "Goedemiddag. Mijn naam is Noor en ik woon sinds tien jaar in Utrecht. "
    "Ik solliciteer voor het landelijk bestuur, omdat ik wil bijdragen aan een partij die "
    "opkomt voor iedereen die te vaak over het hoofd wordt gezien. "
    "In mijn afdeling organiseer ik al drie jaar de ledenavonden en de campagne voor de "
    "gemeenteraadsverkiezingen. Ik heb geleerd hoe je vrijwilligers vindt, hoe je ze "
    "behoudt en hoe je samen een plan maakt dat haalbaar is. "
    "In het dagelijks leven werk ik als verpleegkundige in een ziekenhuis. Daar zie ik elke "
    "dag wat bezuinigingen betekenen voor mensen met weinig geld. "
    "Als bestuurslid wil ik me richten op de organisatie en de scholing van nieuwe kaderleden. "
    "Ik kan ongeveer tien uur per week besteden en ik ben bereikbaar op de avonden. "
    "Ik kijk uit naar het gesprek met de kandidatencommissie. Dank jullie wel."
)


def make_clip(folder: Path, seconds: int) -> Path:
    speech = folder / "speech.wav"
    subprocess.run(
        [shutil.which("espeak-ng"), "-v", "nl", "-s", "150", "-w", str(speech), TEXT], check=True
    )
    clip = folder / "voice.webm"
    # Loop the reading if it is shorter than asked, then cut at exactly ``seconds``.
    looped = ["-stream_loop", "-1", "-i", str(speech), "-t", str(seconds)]
    subprocess.run(
        [
            settings.FFMPEG,
            "-v",
            "error",
            "-y",
            *looped,
            "-c:a",
            "libopus",
            "-b:a",
            "32k",
            str(clip),
        ],
        check=True,
    )
    return clip


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    folder = str(settings.TRANSCRIBE_MODEL_DIR)
    if transcription.missing_model_files(folder):
        transcription.model_folder_assemble(folder)
    work = Path(tempfile.mkdtemp(prefix="bench-transcribe-"))
    try:
        clip = make_clip(work, seconds)
        started = time.perf_counter()
        audio = transcription.decode_audio(str(clip))
        decoded = time.perf_counter() - started
        started = time.perf_counter()
        transcription.load_model(folder)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        result = transcription.transcribe(audio, folder=folder, language="nl")
        spent = time.perf_counter() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)
    duration = len(audio) / transcription.SAMPLE_RATE
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    words = sum(len(segment.text.split()) for segment in result.segments)
    print(f"model          {Path(folder).name}, int8, {settings.TRANSCRIBE_CPU_THREADS} threads")
    print(f"clip           {duration:.1f} s of Dutch speech (espeak-ng, Opus webm)")
    print(f"decode         {decoded:.2f} s (ffmpeg to 16 kHz mono float32)")
    print(f"model load     {loaded:.2f} s (once per worker process)")
    print(f"transcription  {spent:.1f} s: {len(result.segments)} segments, {words} words")
    print(f"real-time      {spent / duration:.2f} (seconds of work per second of sound)")
    print(f"peak memory    {peak_mb:.0f} MB resident (the whole process)")


if __name__ == "__main__":
    main()
