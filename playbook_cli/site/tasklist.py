"""Task lists whose checkboxes are named by their item's text: a Python-Markdown extension.

pymdownx.tasklist renders `- [x] Book the room` as a checkbox inside an
empty <label>, followed by the text, so a screen reader announces "checkbox,
checked" with no name (axe: `label`). This extension is pymdownx.tasklist
with one change, made while the Markdown is converted (so it works in every
engine that runs Python-Markdown, and nothing edits HTML afterwards): the
item's text goes in a <span> that the checkbox names as its label with
`aria-labelledby`. Use it in mkdocs.yml in place of pymdownx.tasklist:

    markdown_extensions:
      - playbook_cli.site.tasklist:
          custom_checkbox: true
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from pymdownx.tasklist import RE_CHECKBOX, TasklistExtension, TasklistTreeprocessor, get_checkbox

_NESTED = {"ul", "ol"}


class LabelledTasklistTreeprocessor(TasklistTreeprocessor):
    """pymdownx's task list processor, with each checkbox labelled by its item's text."""

    def run(self, root):
        self.count = 0
        return super().run(root)

    def _labelled(self, parent: etree.Element, state: str, line: str) -> None:
        """Put the checkbox in parent.text and the rest of parent's inline content in a labelling span."""
        self.count += 1
        label_id = f"task-list-label-{self.count}"
        checkbox = get_checkbox(state, self.custom_checkbox, self.clickable_checkbox)
        checkbox = checkbox.replace("<input ", f'<input aria-labelledby="{label_id}" ', 1)
        span = etree.Element("span", {"id": label_id, "class": "task-list-label"})
        span.text = line
        # The item's inline content moves into the span; a nested list stays outside it.
        for child in list(parent):
            if child.tag in _NESTED:
                break
            parent.remove(child)
            span.append(child)
        parent.text = self.md.htmlStash.store(checkbox)
        parent.insert(0, span)

    def inline(self, li):
        match = RE_CHECKBOX.match(li.text)
        if match is None:
            return False
        self._labelled(li, match.group("state"), match.group("line"))
        return True

    def sub_paragraph(self, li):
        if not len(li):
            return False
        first = next(iter(li))
        if first.tag != "p" or first.text is None:
            return False
        match = RE_CHECKBOX.match(first.text)
        if match is None:
            return False
        self._labelled(first, match.group("state"), match.group("line"))
        return True


class LabelledTasklistExtension(TasklistExtension):
    def extendMarkdown(self, md):
        processor = LabelledTasklistTreeprocessor(md)
        processor.config = self.getConfigs()
        md.treeprocessors.register(processor, "task-list", 25)
        md.registerExtension(self)


def makeExtension(*args, **kwargs):
    return LabelledTasklistExtension(*args, **kwargs)
