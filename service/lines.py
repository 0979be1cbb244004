"""Files of JSON lines, as the command-line tools read them: one object per
line, each line decoded on its own, so that a bad line costs that line only."""
import json
from collections.abc import Iterator
from pathlib import Path


def json_objects(path: Path) -> Iterator[tuple[str, dict | str]]:
    """Each non-blank line of the file as (where, object), where is
    "file:line"; a line that holds no JSON object gives (where, problem)."""
    # Lines are read as bytes and decoded one by one, so that one line of bad
    # UTF-8 costs that line only, not the rest of the file.
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if raw.strip():
                yield f"{path}:{number}", _object(raw)


def _object(raw: bytes) -> dict | str:
    try:
        body = json.loads(raw.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError as err:
        return f"not UTF-8: {err}"
    except json.JSONDecodeError as err:
        return f"not valid JSON: {err.msg} (column {err.colno})"
    except RecursionError:
        return "not valid JSON: nested too deep"
    if not isinstance(body, dict):
        return f"expected a JSON object, got {type(body).__name__}"
    return body


def count_lines(path: Path) -> int:
    """The non-blank lines of the file: the objects it holds, at most."""
    with path.open("rb") as lines:
        return sum(1 for raw in lines if raw.strip())
