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
    """The forms and the "next page" link of an HTML page.

    A field belongs to the form around it, or to the one its `form` attribute names, as a
    Pair button beside each suggestion belongs to the pairing page's one form.
    """

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.next_url: str | None = None
        self._by_id: dict[str, Form] = {}
        self._form: Form | None = None
        self._select: tuple[Form, str, list[str], list[str]] | None = None
        self._textarea: tuple[Form, str, list[str]] | None = None
        self.feed(html)

    def forms_to(self, path_end: str) -> list[Form]:
        return [form for form in self.forms if form.action.endswith(path_end)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "a" and attr.get("rel") == "next":
            self.next_url = attr.get("href")
        elif tag == "form":
            form_id = attr.get("id")
            self._form = self._by_id.setdefault(form_id, Form("")) if form_id else Form("")
            self._form.action = attr.get("action", "")
            self.forms.append(self._form)
        elif tag == "option" and self._select:
            _, _, options, selected = self._select
            options.append(attr.get("value", ""))
            if "selected" in attr:
                selected.append(attr.get("value", ""))
        elif attr.get("name") and "disabled" not in attr and (form := self._owner(attr)):
            self._field(form, tag, attr)

    def _owner(self, attr: dict[str, str]) -> Form | None:
        if "form" in attr:
            return self._by_id.setdefault(attr["form"], Form(""))
        return self._form

    def _field(self, form: Form, tag: str, attr: dict[str, str]) -> None:
        name, kind = attr["name"], attr.get("type", "submit" if tag == "button" else "text")
        value = attr.get("value", "on" if kind in {"radio", "checkbox"} else "")
        if tag == "select":
            self._select = (form, name, [], [])
        elif tag == "textarea":
            self._textarea = (form, name, [])
        elif tag not in {"input", "button"} or kind in {"button", "reset", "file"}:
            return
        elif kind in {"submit", "image"}:
            form.buttons.append((name, value))
        elif kind == "radio" and "checked" not in attr:
            form.radios.setdefault(name, []).append(value)
        elif kind not in {"radio", "checkbox"} or "checked" in attr:
            form.fields.append((name, value))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._textarea[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select:
            form, name, options, selected = self._select
            form.fields += [(name, value) for value in selected or options[:1]]
            self._select = None
        elif tag == "textarea" and self._textarea:
            form, name, text = self._textarea
            form.fields.append((name, "".join(text)))
            self._textarea = None
