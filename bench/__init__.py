"""`make bench`: seed a large contact centre, load the real stack, report ratios."""
