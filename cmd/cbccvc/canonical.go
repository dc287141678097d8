package main

import (
	"context"
	"errors"

	"github.com/cbccvc/cbccvc-go/signing"
)

const canonicalUsage = `Usage: cbccvc canonical FILE

Prints the exact bytes a packet's signature covers, so that anyone can check
a signature with other tools. For a JSON packet: the packet without ChuKySo,
in its RFC 8785 form, for openssl cms -verify -binary -content. For an XML
packet (a file starting with '<'): the packet without its ds:Signature, in
Exclusive XML Canonicalization, the bytes whose SHA-256 is the signature's
DigestValue.
`

func runCanonical(_ context.Context, e env, args []string) error {
	fs := newFlagSet("canonical", canonicalUsage)
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("give one FILE")
	}
	data, err := readInput(e, fs.Arg(0))
	if err != nil {
		return err
	}
	c, err := signing.Canonical(data)
	if err != nil {
		return invalid(err)
	}
	e.stdout.Write(c)
	return nil
}
