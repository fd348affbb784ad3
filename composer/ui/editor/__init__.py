"""The draft editor and what it paints over the text."""
