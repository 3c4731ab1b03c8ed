"""The risk of late payment (issue 17 section 2): train and store the model, score open
invoices with reasons (or by the rules without a model), and the risk's suggestions."""
