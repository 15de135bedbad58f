"""How a published file says it was made: disclosure of the synthetic voice and translation.

- ``disclosure``: the facts (engine, voice, language, translation state, source hash) and
  their renderings as text, JSON and fields for web pages, EPUB and feeds;
- ``tagging``: those facts added to an MP3's ID3 tag or an M4B's atoms;
- ``manifest``: the same facts as a C2PA manifest definition (Content Credentials);
- ``signing``: the manifest signed into an MP3 or M4B with a configured certificate;
- ``credentials``: a file's Content Credentials read back and validated;
- ``finishing``: the one call a format's writer makes last (disclose, then sign).

It sits beside ``audio/`` (it imports ``audio.tags`` and the ground floor); formats and the
command line import it. Only ``signing``, ``credentials`` and ``finishing`` load the C2PA
library.
"""
