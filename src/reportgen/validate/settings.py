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


def with_settings(project: Project, settings: Mapping[str, str], names: Iterable[str]) -> Project:
    """The project with output options overridden for the named outputs.

    Values are read as YAML scalars (`true`, `12`, `pdf/ua-1`) and checked by
    the same model as reportgen.yaml, so a bad value is a usage error. An earlier
    edition given as a folder is a command-line path: it resolves against the
    current folder. `params.NAME` sets a parameter of every output: the project is
    loaded again with it, unless it was loaded with it (`load_project(path, params)`).
    """
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
                    or "options: " + ", ".join(values) + "; a parameter: params.NAME",
                )
            if key in EDITION_OPTIONS:  # a revision or a folder, taken as written
                values[key] = edition_setting(raw)
            else:
                values[key] = yaml.safe_load(raw) if raw.strip() else None
        try:
            outputs[name] = OutputConfig.model_validate(values)
        except ValidationError as exc:
            err = exc.errors()[0]
            key = str(err["loc"][0])
            raise UsageError(f"--set {key}={settings.get(key, '')}: {err['msg']}") from None
    changed = project.with_config(outputs=outputs)
    for name in names if set(settings) & set(MARKING_OPTIONS) else ():
        if problem := settings_problem(changed.for_output(name), name):
            shown = " ".join(f"{k}={v}" for k, v in settings.items() if k in MARKING_OPTIONS)
            raise UsageError(f"--set {shown}: output {name!r}: {problem}")
    return changed
