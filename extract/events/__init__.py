"""From articles to events: one record per real visit, however many reports it had.

`mentions` turns each visit of a results file into a compact `VisitMention` (with the side of
the report, `side`); `blocking` groups candidates by origin and month; `matching` decides and
explains whether two mentions report one visit; `clustering` joins them under the must-link and
cannot-link overrides of `links`; `consensus` builds each event's fields from its sources,
and `items` its destinations, people, stops and topics (`fastnew` builds their records fast);
`tables` and `graphml` write what researchers load. `merge` runs the whole stage.
"""
