"""Plain conversion of the CLI's simple parameters, so a command starts without pydantic.

Typer (0.2x) converts every parameter's text through a pydantic TypeAdapter, built on
first use; importing pydantic for it costs about 0.1 s of CPU on every command, more
than the rest of `tijdig calc`. Text, whole numbers without bounds, flags, paths
without checks, enumerations and lists of these are converted here instead, with the
same messages; anything else keeps Typer's own conversion. `install()` (run when the
CLI's app is imported) hooks Typer's `get_runtime_param`, a private method: where Typer
is not as expected, nothing is changed and Typer converts as usual, only slower
(tests/entrypoints/test_cli_start.py notices).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import typer

try:
    from typer._coercion import RuntimeParam
    from typer.core import _TyperParameter
except ImportError:  # pragma: no cover - another Typer: leave its conversion alone
    RuntimeParam = _TyperParameter = None  # type: ignore[assignment,misc]

Convert = Callable[[Any], Any]
TRUE, FALSE = {"1", "true", "t", "yes", "y", "on"}, {"0", "false", "f", "no", "n", "off"}
PATH_CHECKS = ("exists", "writable", "resolve_path", "allow_dash", "path_type", "parser")


def _text(value: Any) -> str:
    return str(value)


def _whole(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(
            "Input should be a valid integer, unable to parse string as an integer"
        ) from None


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE | FALSE:
        return text in TRUE
    raise ValueError("Input should be a valid boolean, unable to interpret input")


def _path(value: Any) -> Path:
    return value if isinstance(value, Path) else Path(str(value))


def _choice(kind: type[Enum], *, case_sensitive: bool) -> Convert:
    def convert(value: Any) -> Enum:
        if isinstance(value, kind):
            return value
        for member in kind:
            wanted, given = str(member.value), str(value)
            if wanted == given or (not case_sensitive and wanted.lower() == given.lower()):
                return member
        names = ", ".join(repr(str(m.value)) for m in kind)
        raise ValueError(f"Value error, {value!r} is not one of {names}.")

    return convert


def _converter(annotation: Any, info: Any) -> Convert | None:  # noqa: PLR0911
    """How to convert one value of `annotation`, or None to leave it to Typer."""
    if getattr(info, "parser", None) is not None or getattr(info, "click_type", None):
        return None
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if (
        annotation is int
        and getattr(info, "min", None) is None
        and getattr(info, "max", None) is None
    ):
        return _whole
    if annotation is Path and not any(getattr(info, name, None) for name in PATH_CHECKS):
        return (
            _path if getattr(info, "file_okay", True) and getattr(info, "dir_okay", True) else None
        )
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(annotation, case_sensitive=getattr(info, "case_sensitive", True))
    if get_origin(annotation) is list and len(get_args(annotation)) == 1:
        each = _converter(get_args(annotation)[0], info)
        return None if each is None else (lambda values: [each(v) for v in values])
    return None


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class PlainParam(RuntimeParam):
        """Conversion by a plain function; a refused value is Typer's usage error."""

        convert: Convert

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.convert(value)
            except ValueError as error:
                raise typer.BadParameter(str(error), ctx=ctx, param=param) from None


def install() -> None:
    """Let every Typer parameter try plain conversion before building a TypeAdapter
    (Typer builds a parameter's conversion on first use: `get_runtime_param`)."""
    if _TyperParameter is None or getattr(_TyperParameter, "_tijdig_plain", False):
        return
    original = _TyperParameter.get_runtime_param

    def get_runtime_param(param: Any) -> Any:
        descriptor = getattr(param, "type_descriptor", None)
        if getattr(param, "_runtime_param", False) is None and descriptor is not None:
            convert = _converter(descriptor.annotation, descriptor.parameter_info)
            if convert is not None and descriptor.file_annotation is None:
                param._runtime_param = PlainParam(
                    descriptor.parameter_info, descriptor.annotation, convert
                )
        return original(param)

    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign,assignment]
    _TyperParameter._tijdig_plain = True  # type: ignore[attr-defined]
