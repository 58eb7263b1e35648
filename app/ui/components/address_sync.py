"""Keeps the address bar's query string in step with a state var, in the browser, with no extra event.

A page whose search, filters, sort and page live in the address (so a reload or a shared link comes
back to the same view) sets one state var to the query string it should show, e.g. "?q=ada&page=2".
This component renders nothing; a React effect replaces the address whenever that var changes.

Until the var first changes after the page mounts, the address bar is left alone: it is what the
page's on_load reads, and the var may still hold an earlier visit's value at that moment.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars.base import Var, VarData, get_unique_variable_name


class AddressSync(rx.Fragment):
    search: rx.Var[str]

    def _exclude_props(self) -> list[str]:
        return [*super()._exclude_props(), "search"]

    def add_imports(self) -> dict[str, Any]:
        return {"react": ["useEffect", "useRef"]}

    def add_hooks(self) -> list[str | Var[Any]]:
        search = str(self.search)
        mounted_with = f"address_mounted_with_{get_unique_variable_name()}"
        return [
            Var(
                f"const {mounted_with} = useRef({{value: {search}, changed: false}});",
                _var_data=VarData.merge(self.search._get_all_var_data()),
            ),
            Var(
                f"""useEffect(() => {{
    const wanted = {search};
    const seen = {mounted_with}.current;
    if (!seen.changed && wanted === seen.value) return;
    seen.changed = true;
    if (window.location.search !== wanted) {{
        window.history.replaceState(window.history.state, '', window.location.pathname + wanted);
    }}
}}, [{search}]);""",
                _var_data=VarData.merge(self.search._get_all_var_data()),
            ),
        ]


def address_sync(search: rx.Var[str] | str) -> rx.Component:
    """Keeps the address's query string equal to `search` (a state var such as "?q=ada")."""
    return AddressSync.create(search=search)
