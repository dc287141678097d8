#!/bin/sh
# A validator that is wrong on purpose, for the tests of `cbccvc conformance
# run`: it validates with cbccvc (the binary $CBCCVC) but, like a JSON parser
# that lets the last of two equal keys win, drops every R-FMT-002 finding
# (duplicate key) and calls a packet with no finding left valid.
"$CBCCVC" validate --json "$1" | sed \
	-e 's/{"MaLoi":"R-FMT-002"[^}]*},\{0,1\}//g' \
	-e 's/,]/]/' \
	-e 's/"valid":false,"findings":\[\]/"valid":true,"findings":[]/'
