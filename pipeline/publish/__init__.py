"""The output seam: every published artifact is made by a registered Format.

``format`` defines what a format is and the registry of them; ``publication`` is what the
build hands every format (documents, voices, stitched audio, tags, the timeline);
``runner`` writes each format's files through one loop with one freshness rule; ``state``
remembers what each file was made from. The formats themselves live in ``pipeline.formats``,
one module each.
"""
