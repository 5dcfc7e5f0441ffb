"""Entity resolution helpers: mention normalisation (titles, offices, clitics, spelling keys)
and Latin names. The corpus pass that uses them is `marsad.corpus.resolve`."""
