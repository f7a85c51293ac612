"""`kg serve`: the HTTP app (`app`) and the SPARQL 1.1 Protocol workers it runs queries in (`sparql`)."""
