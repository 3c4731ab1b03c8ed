"""`tijdig calc` end to end through Click's runner, against `calc_app` directly:
one happy path per command in plain and JSON output, and the refusals."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tijdig.entrypoints.cli.calc import calc_app

runner = CliRunner()
NL_BUSINESS = ("--country", "NL", "--business")


def _json(args: list[str]) -> dict[str, object]:
    result = runner.invoke(calc_app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert isinstance(payload, dict)
    return payload


@pytest.mark.parametrize(
    ("args", "total"),
    [
        pytest.param(["costs", "4000", "--country", "NL", "--consumer"], "525.00",
                     id="LEGAL.md: NL 4000"),
        pytest.param(["costs", "600", "--country", "nl", "--business", "--vat-on-costs"], "108.90",
                     id="LEGAL.md: NL 600 with VAT"),
        pytest.param(["costs", "1.234,56", "--country", "NL", "--consumer"], "185.18",
                     id="hand: Dutch amount notation, 15% of 1234.56"),
        pytest.param(["costs", "45000", "--country", "BE", "--consumer"], "2000.00",
                     id="LEGAL.md: BE cap"),
        pytest.param(["costs", "45000", "--country", "BE", "--business"], "40.00",
                     id="Late Payment Act lump sum"),
        pytest.param(["interest", "2000", "--from", "2024-02-01", "--to", "2024-06-30",
                      "--country", "NL", "--business"], "103.42", id="LEGAL.md: commercial"),
        pytest.param(["interest", "1500", "--from", "2023-06-15", "--to", "2023-07-14",
                      "--country", "NL", "--consumer"], "6.08", id="LEGAL.md: consumer"),
        pytest.param(["interest", "1000", "--from", "2023-01-01", "--to", "2024-01-31",
                      "--country", "NL", "--business"], "124.37", id="LEGAL.md: capitalised"),
    ],
)  # fmt: skip
def test_json_total_has_two_decimals(args: list[str], total: str) -> None:
    payload = _json(args)
    assert payload["total"] == total
    assert payload["table_version"]


def test_interest_json_lists_periods_and_capitalisations() -> None:
    payload = _json(
        ["interest", "1000", "--from", "2023-01-01", "--to", "2024-01-31", *NL_BUSINESS]
    )
    assert [p["days"] for p in payload["periods"]] == [181, 184, 31]  # type: ignore[index, union-attr]
    assert payload["capitalisations"] == [
        {"on": "2024-01-01", "interest": "112.56", "new_principal": "1112.56"}
    ]


@pytest.mark.parametrize(
    ("args", "dates"),
    [
        pytest.param(["--sent", "2026-03-03", "--country", "NL", "--channel", "post"],
                     ("2026-03-05", "2026-03-06", "2026-03-19", "2026-03-20"),
                     id="LEGAL.md: NL post"),
        pytest.param(["--sent", "2026-03-03", "--country", "NL", "--channel", "email"],
                     ("2026-03-03", "2026-03-04", "2026-03-17", "2026-03-18"),
                     id="LEGAL.md: NL e-mail"),
        pytest.param(["--sent", "2026-03-02", "--country", "BE", "--channel", "post"],
                     ("2026-03-05", "2026-03-05", "2026-03-18", "2026-03-19"),
                     id="LEGAL.md: BE post"),
    ],
)  # fmt: skip
def test_term_json_gives_the_four_dates(args: list[str], dates: tuple[str, ...]) -> None:
    payload = _json(["term", *args])
    keys = ("delivered", "term_starts", "last_day", "costs_from")
    assert tuple(payload[key] for key in keys) == dates


def test_plain_costs_output_explains_the_bands() -> None:
    result = runner.invoke(calc_app, ["costs", "7500", "--country", "NL", "--consumer"])
    assert result.exit_code == 0, result.output
    for text in ("2,500.00", "750.00", "nl-bik-stb-2012-141", "14-day letter"):
        assert text in result.stdout


def test_plain_interest_output_explains_periods_and_capitalisation() -> None:
    result = runner.invoke(
        calc_app,
        ["interest", "1000", "--from", "2023-01-01", "--to", "2024-01-31", *NL_BUSINESS],
    )
    assert result.exit_code == 0, result.output
    for text in ("181", "10.50", "112.56 added", "124.37", "nl-6:119a"):
        assert text in result.stdout


def test_plain_term_output_lists_the_steps() -> None:
    result = runner.invoke(
        calc_app, ["term", "--sent", "2026-03-03", "--country", "NL", "--channel", "post"]
    )
    assert result.exit_code == 0, result.output
    assert "presumed delivered 2026-03-05" in result.stdout
    assert "costs from: 2026-03-20" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["costs", "--country", "NL", "--consumer", "--", "-5"], "negative",
                     id="negative amount"),
        pytest.param(["costs", "abc", "--country", "NL", "--consumer"], "not an amount",
                     id="not an amount"),
        pytest.param(["costs", "100", "--country", "DE", "--consumer"], "NL and BE",
                     id="unknown country"),
        pytest.param(["costs", "100", "--country", "NL", "--consumer", "--business"],
                     "exactly one", id="both kinds"),
        pytest.param(["costs", "100", "--country", "NL"], "exactly one", id="neither kind"),
        pytest.param(["costs", "100", "--country", "BE", "--consumer", "--vat-on-costs"],
                     "Dutch", id="VAT uplift in BE"),
        pytest.param(["interest", "100", "--from", "2024-02-01", "--to", "2024-01-31",
                      "--country", "NL", "--consumer"], "before", id="--to before --from"),
        pytest.param(["interest", "100", "--from", "1-2-2024", "--to", "2024-01-31",
                      "--country", "NL", "--consumer"], "not a date", id="bad date"),
        pytest.param(["term", "--sent", "2026-03-03", "--country", "FR", "--channel", "post"],
                     "NL and BE", id="term in an unknown country"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_on_stderr(args: list[str], message: str) -> None:
    result = runner.invoke(calc_app, args)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_an_unknown_channel_is_a_usage_error() -> None:
    result = runner.invoke(
        calc_app, ["term", "--sent", "2026-03-03", "--country", "NL", "--channel", "fax"]
    )
    assert result.exit_code == 2
