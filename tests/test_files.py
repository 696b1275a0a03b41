"""hrcourse.files: the one atomic write (progress and quiz answers) and the lock."""

import threading

import pytest

from hrcourse import files, quiz


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "answers.json"
    files.write_atomic(path, "old")

    def broken_fsync(_fd):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        files.write_atomic(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.json"]


def test_quiz_answers_are_written_through_the_atomic_write(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    written = []
    monkeypatch.setattr(quiz, "write_atomic", lambda path, text: written.append(path))
    quiz.save_answer(1, "b", quiz_id="q")
    assert [p.name for p in written] == ["q.answers.json"]


def test_the_lock_lets_one_holder_in_at_a_time(tmp_path):
    path, inside, overlaps = tmp_path / "progress.json", [], []

    def hold():
        with files.locked(path):
            inside.append(1)
            overlaps.append(len(inside))
            threading.Event().wait(0.05)
            inside.pop()

    threads = [threading.Thread(target=hold) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlaps == [1, 1, 1, 1]
