"""An uploaded file's name, as an import job writes it to a temporary folder of its own:
never a path, never empty, short enough for any file system."""

from __future__ import annotations

import pytest

from tijdig.services.uploads import NAME_BYTES, upload_name


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("march.csv", "march.csv"),
        ("C:\\Users\\anna\\Downloads\\afschrift 12-03.xml", "afschrift 12-03.xml"),
        ("../../etc/passwd", "passwd"),
        ("..", "upload"),
        (".", "upload"),
        ("", "upload"),
        ("  .hidden.mt940 ", "hidden.mt940"),
        ("bad\x00name\n.csv", "badname.csv"),
        ("folder/", "upload"),
    ],
)
def test_the_name_is_the_files_own(sent: str, kept: str) -> None:
    assert upload_name(sent) == kept


def test_a_long_name_is_cut_at_a_character_within_the_byte_limit() -> None:
    name = upload_name("é" * 300 + ".csv")  # two bytes each in UTF-8
    assert len(name.encode()) <= NAME_BYTES and set(name) == {"é"}
    assert len(name) == NAME_BYTES // 2
