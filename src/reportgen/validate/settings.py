"""`--set key=value`: output options overridden for one build, checked by the same model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import yaml
from pydantic import ValidationError

from ..errors import UsageError
from ..model import OutputConfig, Project
from .locate import suggest


def with_settings(project: Project, settings: Mapping[str, str], names: Iterable[str]) -> Project:
    """The project with output options overridden for the named outputs.

    Values are read as YAML scalars (`true`, `12`, `pdf/ua-1`) and checked by
    the same model as reportgen.yaml, so a bad value is a usage error.
    """
    if not settings:
        return project
    outputs = dict(project.config.outputs)
    for name in names:
        values = outputs[name].model_dump()
        for key, raw in settings.items():
            if key not in values:
                raise UsageError(
                    f"--set {key}: no such output option",
                    hint=suggest(key, values) or "options: " + ", ".join(values),
                )
            values[key] = _scalar(raw)
        try:
            outputs[name] = OutputConfig.model_validate(values)
        except ValidationError as exc:
            err = exc.errors()[0]
            key = str(err["loc"][0])
            raise UsageError(f"--set {key}={settings.get(key, '')}: {err['msg']}") from None
        listed = [s.id for s in project.sections]
        for section_id in outputs[name].sections or []:
            if section_id not in listed:
                raise UsageError(
                    f"--set sections: no section {section_id!r} in this project",
                    hint=suggest(section_id, listed) or "sections: " + ", ".join(listed),
                )
    return project.with_config(outputs=outputs)


def _scalar(raw: str) -> object:
    """A `--set` value read as YAML (`true`, `12`, `[html]`); text that YAML cannot read
    (`{`, `*x`) is taken as written."""
    if not raw.strip():
        return None
    try:
        return yaml.safe_load(raw)
    except (yaml.YAMLError, ValueError):  # ValueError: a date such as 2025-02-30
        return raw
