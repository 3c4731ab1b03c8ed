"""Rendering a proposal into a message: e-mail (text and HTML), letter PDF, SMS text.

    messages.py    MessageRenderer: MessageContext in, RenderedMessage out
    view.py        the statement, claim and payment values the templates show
    formatting.py  amounts, dates and payment references per customer locale (Babel)
    epc.py         the EPC069-12 payment QR code (payload, PNG and SVG via segno)
    pdf.py         TypstPdf: letters and invoice copies compiled by typst, in-process
    templates/     the words: <lang>/<template>.j2 content blocks and <lang>/labels.toml,
                   shared layouts (layout.txt.j2, layout.html.j2, letter.typ, invoice.typ)

Rendering is apart from sending: nothing here sends, stores or reads the clock.
"""
