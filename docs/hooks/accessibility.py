"""MkDocs hook: accessibility fixes the stock theme does not make.

Material's task lists render each checkbox inside an empty <label>, so a
screen reader announces "checkbox, checked" with no name (axe: `label`).
Name each checkbox after its list item's text.
"""

from __future__ import annotations

import html
import re

_TASK = re.compile(
    r'(<li class="task-list-item">\s*<label class="task-list-control">\s*<input type="checkbox")'
    r"([^>]*>)(.*?</label>)(.*?)(?=</li>|<ul|<ol)",
    re.S,
)
_TAGS = re.compile(r"<[^>]+>")


def on_page_content(content: str, page, config, files) -> str:
    if 'class="task-list-item"' not in content:
        return content

    def label(match: re.Match) -> str:
        text = html.unescape(_TAGS.sub("", match.group(4))).strip()
        name = html.escape(" ".join(text.split()), quote=True)
        return f'{match.group(1)} aria-label="{name}"{match.group(2)}{match.group(3)}{match.group(4)}'

    return _TASK.sub(label, content)
