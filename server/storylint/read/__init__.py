"""Read stage: bytes on disk to decoded text, and text to prose blocks with source maps.

``source`` decodes files (UTF-8, BOM, line endings) and indexes lines; ``prose`` defines
the prose block and its map back to the source; ``markdown`` and ``plaintext`` turn a
document of each format into prose blocks.
"""
