"""The collection engine: what should happen to a customer on a given day (pure).

    advice.py    advise(state, company, policies, as_of=...) -> Advice
    segments.py  choose_policy: the first segment rule that matches the customer
    schedule.py  the next step of each invoice and its day; contact days
    claims.py    costs and interest in the legal order (S4-1)
    checks.py    bank first, disputes, promises, contact day, interval, minimum amount
    message.py   one statement of account per customer, each invoice with its stage
    calls.py     call tasks beside a message (large amounts, first-time late)
    model.py     the engine's input and output values

No clock, no I/O: the services load the state, call `advise`, and carry out the
decision. docs/dunning.md holds the worked, dated examples the tests read.
"""
