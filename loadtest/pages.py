"""Pages as a browser sees them: the forms it would submit and the "next page" link it would follow.

Kept apart from the locustfile so that the tests can check it against the real pages without
loading locust (which patches the standard library for gevent as it is imported).
"""

import random
from html.parser import HTMLParser


class Form:
    """One HTML form's action and the fields a browser would submit from it."""

    def __init__(self, action: str) -> None:
        self.action = action
        self.fields: list[tuple[str, str]] = []
        self.radios: dict[str, list[str]] = {}
        # Named submit buttons: clicking one sends its name and value (say, which candidate).
        self.buttons: list[tuple[str, str]] = []

    def data(self, **filled: str) -> dict[str, list[str]]:
        """The submission: the form's values with `filled` typed in, a choice in each radio
        group, and one of its named buttons clicked."""
        data: dict[str, list[str]] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        for name, options in self.radios.items():
            data.setdefault(name, [random.choice(options)])
        if self.buttons:
            name, value = random.choice(self.buttons)
            data.setdefault(name, []).append(value)
        return data | {name: [value] for name, value in filled.items()}


class Page(HTMLParser):
    """The forms and the "next page" link of an HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.next_url: str | None = None
        self._form: Form | None = None
        self._select: tuple[str, list[str], list[str]] | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self.feed(html)

    def forms_to(self, path_end: str) -> list[Form]:
        return [form for form in self.forms if form.action.endswith(path_end)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        name = attr.get("name", "")
        if tag == "a" and attr.get("rel") == "next":
            self.next_url = attr.get("href")
        elif tag == "form":
            self._form = Form(attr.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None or (not name and tag != "option"):
            return
        elif tag == "input":
            self._input(attr)
        elif tag == "button" and attr.get("type", "submit") == "submit":
            self._form.buttons.append((name, attr.get("value", "")))
        elif tag == "select":
            self._select = (name, [], [])
        elif tag == "option" and self._select:
            _, options, selected = self._select
            options.append(attr.get("value", ""))
            if "selected" in attr:
                selected.append(attr.get("value", ""))
        elif tag == "textarea":
            self._textarea = (name, [])

    def _input(self, attr: dict[str, str]) -> None:
        kind = attr.get("type", "text")
        name, value = attr["name"], attr.get("value", "on" if kind in {"radio", "checkbox"} else "")
        if kind in {"submit", "image"}:
            self._form.buttons.append((name, value))
        elif kind == "radio" and "checked" not in attr:
            self._form.radios.setdefault(name, []).append(value)
        elif kind in {"radio", "checkbox"}:
            if "checked" in attr:
                self._form.fields.append((name, value))
        elif kind not in {"button", "reset", "file"}:
            self._form.fields.append((name, value))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            name, options, selected = self._select
            chosen = selected or options[:1]
            self._form.fields += [(name, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            name, text = self._textarea
            self._form.fields.append((name, "".join(text)))
            self._textarea = None
