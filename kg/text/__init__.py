"""Stage 1 — text: files become normalised text and articles.

ingest (bytes → `Source`, any common encoding) → normalise (`Document`, with a map back to the raw
offsets) → segment (`Article`s of a page, with their credits and dates). `credits`, `dates`,
`money` and `tokens` are the parsers of the genre's small things that the later stages share.
"""
