"""Read stage: bytes on disk to decoded text, and text to prose blocks with source maps.

``source`` decodes files (UTF-8, BOM, line endings) and indexes lines; ``prose`` defines
the prose block and its map back to the source; ``markdown`` and ``plaintext`` turn a
document of each format into prose blocks. ``documents`` reads any file into its
documents: Word (``docx``), OpenDocument (``odt``), EPUB (``epub``, one document per
chapter) and HTML (``html``) are read, through ``container`` (zip archives, safely),
into an ``extracted`` document whose lines are its paragraphs.
"""
