"""Text: from the bytes of a page to the cleaned, simplified text the model reads.

`ingest` finds and reads inputs (`decode` turns bytes into text); `clean` runs the cleaning
steps, each in its own module: `html` (page to text), `traditional` (to simplified, in
place), `chrome` and `metadata` (page furniture, and the title, outlet and date it states),
`pinyin` (inline glosses) and `spam` (injected phrases). `offsets` maps every cleaned
character back to the page. Nothing here knows about models, places or visits.
"""
