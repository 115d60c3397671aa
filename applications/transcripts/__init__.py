"""Transcripts of video and voice notes, made on this machine after the media check.

``engine``: ffmpeg and faster-whisper (speech to text, no network), and the model folder.
``states``: where a transcript may go from each status, and the one function that moves it.
``runs``: the queue, the worker's run (claim, progress, result) and the periodic sweep.
``corrections``: the applicant's corrections beside what the speech recognition heard.

Nothing here logs or audits what was said; tasks carry the transcript's id only.
"""
