"""Tools that turn the bundled corpus sources (``corpus/source/*.md``) into documents of every format."""
