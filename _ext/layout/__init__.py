"""The page around the lesson: links between languages, math as MathML.

* ``language_links`` -- each page's copy in the other language (switcher, hreflang);
* ``source_links`` -- "Edit this page" and "Report a problem", where the repository is known;
* ``mathml`` -- math rendered at build time, with nothing fetched by the reader.
"""
