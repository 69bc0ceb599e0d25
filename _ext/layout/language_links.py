"""Links from each page to the same page in the site's other languages.

The languages are built side by side (``_build/html/en/``,
``_build/html/ja/``) with the same relative path for the same page, so the
other language's copy of a page is always ``../<lang>/<pagename>.html`` from
the language root. This extension puts those links into the page context as
``site_language_links`` (used by ``_templates/language-switcher.html``) and
adds ``<link rel="alternate" hreflang=...>`` tags to every page's head.
"""

from __future__ import annotations

from html import escape


def page_in_language(app, pagename: str, language: str) -> str:
    """The relative URL of a page's copy in another language (the one place that knows)."""
    to_site_root = "../" * (pagename.count("/") + 1)
    suffix = getattr(app.builder, "out_suffix", ".html")
    return f"{to_site_root}{language}/{pagename}{suffix}"


def language_links(app, pagename: str, templatename, context: dict, doctree) -> None:
    languages: dict[str, str] = app.config.site_languages
    current = app.config.language
    links = []
    for code, label in languages.items():
        url = page_in_language(app, pagename, code)
        links.append({"code": code, "label": label, "url": url, "current": code == current})
    context["site_language_links"] = links
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{escape(link["code"])}" href="{escape(link["url"])}">'
        for link in links
        if not link["current"]
    )


def setup(app):
    app.add_config_value("site_languages", {"en": "English"}, "html", types=[dict])
    app.connect("html-page-context", language_links)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
