"""`--set key=value`: output options overridden for one build, checked by the same model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import yaml
from pydantic import ValidationError

from ..errors import UsageError
from ..model import OutputConfig, Project
from ..project import EDITION_OPTIONS, edition_setting
from .locate import suggest
from .markings import MARKING_OPTIONS, settings_problem

PLANNED = {"params", "foreach"}


def with_settings(project: Project, settings: Mapping[str, str], names: Iterable[str]) -> Project:
    """The project with output options overridden for the named outputs.

    Values are read as YAML scalars (`true`, `12`, `pdf/ua-1`) and checked by
    the same model as reportgen.yaml, so a bad value is a usage error. An earlier
    edition given as a folder is a command-line path: it resolves against the
    current folder. `params.NAME` sets a parameter of every output: the project is
    loaded again with it, unless it was loaded with it (`load_project(path, params)`).
    """
    for key in PLANNED & set(settings):  # they decide which outputs there are: too late here
        raise UsageError(
            f"--set {key}: the outputs and their parameter values are planned from "
            f"reportgen.yaml; set one parameter with --set params.NAME=VALUE",
        )
    params = {k.removeprefix("params."): v for k, v in settings.items() if k.startswith("params.")}
    settings = {k: v for k, v in settings.items() if not k.startswith("params.")}
    if params and params != project.overrides:
        from .project import load_project

        sandbox = project.config.sandbox  # as the caller may have set it
        project = load_project(project.config_path, params)
        if project.config.sandbox != sandbox:
            project = project.with_config(sandbox=sandbox)
    if not settings:
        return project
    outputs = dict(project.config.outputs)
    for name in names:
        values = outputs[name].model_dump()
        for key, raw in settings.items():
            if key not in values:
                raise UsageError(
                    f"--set {key}: no such output option",
                    hint=suggest(key, values)
                    or "options: "
                    + ", ".join(k for k in values if k not in PLANNED)
                    + "; a parameter: params.NAME",
                )
            if key in EDITION_OPTIONS:  # a revision or a folder, taken as written
                values[key] = edition_setting(raw)
            else:
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
    changed = project.with_config(outputs=outputs)
    for name in names if set(settings) & set(MARKING_OPTIONS) else ():
        if problem := settings_problem(changed.for_output(name), name):
            shown = " ".join(f"{k}={v}" for k, v in settings.items() if k in MARKING_OPTIONS)
            raise UsageError(f"--set {shown}: output {name!r}: {problem}")
    return changed


def _scalar(raw: str) -> object:
    """A `--set` value read as YAML (`true`, `12`, `[html]`); text that YAML cannot read
    (`{`, `*x`) is taken as written."""
    if not raw.strip():
        return None
    try:
        return yaml.safe_load(raw)
    except (yaml.YAMLError, ValueError):  # ValueError: a date such as 2025-02-30
        return raw
