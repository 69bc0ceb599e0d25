"""The page around the lesson: links between languages, math as MathML.

* ``language_links`` -- each page's copy in the other language (switcher, hreflang);
* ``mathml`` -- math rendered at build time, with nothing fetched by the reader.
"""
