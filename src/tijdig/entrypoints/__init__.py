"""Thin entry points: the CLI (`cli/`) and the web application (`web/`: the REST API in
`web/api/`, the workspace pages and the debtor portal in `web/ui/`).

Each command, route or page parses its input, reads the moment from `tijdig.clock`, names
the actor, calls one function in `tijdig.services` and presents the result; the three
drivers of a use case call the same function (for example `tijdig run approve`,
`POST /api/v1/runs/{id}/approve` and the run page's decide form all call
`tijdig.services.collection.review.decide`). Adapters come from the composition root,
`tijdig.bootstrap.Tijdig`; an import-linter contract keeps the entry points from importing
`tijdig.adapters` themselves (the demo-data command is the one exception).
"""
