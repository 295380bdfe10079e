"""The reminder wave's exactly-once check reads the file e-mail backend's output."""

from bench import wave

SEPARATOR = "\n" + "-" * 79 + "\n"


def _message(to: str) -> str:
    return f"Content-Type: text/plain\nSubject: Reminder\nFrom: camp@example.org\nTo: {to}\n\nSee you soon."


def test_each_person_once_is_exactly_once(tmp_path):
    (tmp_path / "1.log").write_text(_message("a@example.org") + SEPARATOR)
    (tmp_path / "2.log").write_text(_message("b@example.org") + SEPARATOR)
    check = wave.check_once(tmp_path, {"a@example.org", "b@example.org"})
    assert check["exactly_once"] is True
    assert check["messages"] == 2


def test_a_second_message_to_the_same_person_is_caught(tmp_path):
    (tmp_path / "1.log").write_text(_message("a@example.org") + SEPARATOR + _message("a@example.org") + SEPARATOR)
    check = wave.check_once(tmp_path, {"a@example.org", "b@example.org"})
    assert check["sent_twice_or_more"] == 1
    assert check["missing"] == 1
    assert check["exactly_once"] is False
