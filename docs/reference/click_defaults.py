"""An mkdocs hook: show an option without a default as a dash in the CLI reference.

mkdocs-click writes an option's default with ``str()``; click 8.3 and later
keep "no default" as the sentinel ``UNSET``, which would be shown as
``Sentinel.UNSET``. mkdocs.yml loads this file under ``hooks``.
"""

from __future__ import annotations

from typing import Any

_UNSET = "<code>Sentinel.UNSET</code>"


def on_page_content(html: str, **kwargs: Any) -> str:
    return html.replace(_UNSET, "–")
