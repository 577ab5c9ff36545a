"""Where citeproc-py falls short of the CSL specification in a way a brief shows, the
smallest change that brings it in line (applied once, when a CSL style is first used).
Each replaces one method of citeproc-py's with its own code plus the missing rule."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any


@cache
def suppress_substituted_macros() -> None:
    """Make citeproc-py suppress a variable printed in place of a missing author.

    CSL says a variable that stands in for the author (`<substitute>`) is not printed
    again in the rest of the entry. citeproc-py (0.6 to 0.11) does so only for a
    variable named in the substitute itself, not for one inside a macro or a
    `<choose>` (`<text macro="title"/>`, as APA and Chicago write it), so an entry
    with no author printed its title twice. This replaces its `Substitute.render` with
    the same loop that then suppresses each variable of the substitute's subtree
    (macros followed) whose text it printed.
    """
    from citeproc.model import Names, Substitute

    def variables(element: Any, seen: set[str]) -> Iterator[Any]:
        for node in element.iter():
            macro = node.get("macro")
            if macro and macro not in seen:
                seen.add(macro)
                yield from variables(node.get_macro(macro), seen)
            elif node.get("variable"):
                yield node

    def render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        from citeproc.model import VariableError

        for child in self.getchildren():
            try:
                if isinstance(child, Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            if text:
                printed = str(text).casefold()
                repressed = context.get_layout().repressed
                for node in variables(child, set()):
                    for variable in node.get("variable").split():
                        value = item.reference.get(variable.replace("-", "_"))
                        if value is not None and str(value).casefold() in printed:
                            repressed.setdefault(node.tag, []).append(variable)
                return text
        return None

    Substitute.render = render


@cache
def skip_labels_of_missing_variables() -> None:
    """Make citeproc-py print a label ("Edition", "p.") only with its variable.

    CSL renders `<label variable="edition"/>` only when the entry has an edition;
    citeproc-py (to 0.11) prints the term regardless, so Chicago's notes ended in a
    stray "Edition". The check is the one its own `_is_plural` makes.
    """
    from citeproc.model import Label

    process = Label.process

    def checked(self: Any, item: Any, variable: Any = None, *args: Any, **kwargs: Any) -> Any:
        name = variable or self.get("variable")
        if name == "locator":
            if not item.has_locator:
                return None
        elif name and item.reference.get(name.replace("-", "_")) in (None, ""):
            return None
        return process(self, item, variable, *args, **kwargs)

    Label.process = checked


@cache
def keep_given_names_whole() -> None:
    """Make citeproc-py honour `initialize="false"` (CSL 1.0.1) on a name.

    Chicago sets `initialize-with` for the whole style and `initialize="false"` where
    names are printed in full; citeproc-py (to 0.11) ignores the latter, so a note
    read "N. Chauhan" for "Nikhil Chauhan".
    """
    from citeproc.model import Name

    get_option = Name.get_option

    def checked(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "initialize-with" and self.get("initialize") == "false":
            return None
        return get_option(self, name, *args, **kwargs)

    Name.get_option = checked


def apply() -> None:
    """Apply every fix (each once)."""
    suppress_substituted_macros()
    skip_labels_of_missing_variables()
    keep_given_names_whole()
