"""Resolve: what code reads off a text by rule, with no model.

`gazetteer` (places to administrative divisions), `dates` (Chinese date expressions),
`people` (a title, then a name), `grounding` (evidence quotes found in the text), and the
proposals the pipeline sets beside the model's answers: `proposals` (topics, lists of
people), `stops` (places after a visiting verb), `roundup` (one trip per delegation of a
roundup) and `trips` (which trips the text really states).
"""
