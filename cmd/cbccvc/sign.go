package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

const signUsage = `Usage: cbccvc sign --key FILE [--cert FILE] [--password-file F] [--algorithm NAME] [--profile tt15] [--tsa URL] FILE [-o OUT]
       cbccvc sign --pkcs11 MODULE --token LABEL --key-label LABEL [--pin-file F] [--cert FILE] ... FILE [-o OUT]

Signs a packet (FILE, or - for standard input), JSON or XML by its content:
a JSON packet gets a detached CMS over its RFC 8785 canonical form in
ChuKySo, an XML packet an enveloped XML-DSig. --key is a PKCS #12 file (its password in
--password-file) or a PEM private key with --cert, the certificate then its
intermediates. A key on a USB token or an HSM is named by --pkcs11, the
path of the token's PKCS #11 module, --token, the token's label, and
--key-label, the key's; the PIN is read from --pin-file or from the
CBCCVC_PKCS11_PIN environment variable, never from the command line, and
the certificate from --cert or else from the token.
The certificate must name the packet's sender (MaDonViGui).
--tsa adds to a JSON packet's signature an RFC 3161 time-stamp from that
time-stamp authority, so that the signature still verifies after the
certificate expires.
The algorithm is that of Circular 15/2025/TT-BKHCN: RSASSA-PSS for an RSA
key (of 2048 bits or more), ECDSA for an ECDSA key, with SHA-256.
--algorithm chooses another: rsa-pss, ecdsa, or rsa-pkcs1v15 (RSA PKCS #1
v1.5, which the circular does not allow: only for a receiver that knows
nothing else), each with -sha384 or -sha512 for another hash
(rsa-pss-sha384). --profile tt15 refuses rsa-pkcs1v15.
A packet with a value that does not fit the model (a date that does not
exist, a number its type does not hold) is not signed, so that what is
signed is what the receiver reads: exit 1, nothing written.

Flags:
`

func runSign(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("sign", signUsage)
	var k keyFlags
	k.register(fs)
	out := fs.String("o", "", "write to this file instead of standard output")
	profileName := fs.String("profile", "", "tt15: refuse what Circular 15/2025/TT-BKHCN does not allow, even by name")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if !k.given() || fs.NArg() != 1 {
		return fmt.Errorf("give --key (or --pkcs11) and one FILE")
	}
	profile, err := parseProfile(*profileName)
	if err != nil {
		return err
	}
	signer, err := k.signer(signing.WithProfile(profile), signing.WithClock(e.clock()), signing.WithLossless())
	if err != nil {
		return err
	}
	defer k.close()
	in, err := readInput(e, fs.Arg(0))
	if err != nil {
		return err
	}
	signed, err := signer.Sign(ctx, in)
	if fs, ok := errors.AsType[packet.Findings](err); ok {
		fmt.Fprintln(e.stderr, "cbccvc sign: Gói tin có giá trị không chuyển nguyên vẹn được nên chưa ký. Đề nghị sửa các giá trị dưới đây rồi ký lại.")
		fmt.Fprintln(e.stderr, "cbccvc sign: the packet holds values that cannot be carried whole, so it is not signed:")
		for _, f := range fs {
			fmt.Fprintf(e.stderr, "  %s %s\n      %s\n      %s\n", f.Rule, f.Pointer, f.MessageVI, f.MessageEN)
		}
		return exit(exitInvalid)
	}
	if err != nil {
		return invalid(err)
	}
	w, commit, abort, err := output(e, *out)
	if err != nil {
		return err
	}
	if _, err := w.Write(append(signed, '\n')); err != nil {
		abort()
		return err
	}
	if err := commit(); err != nil {
		return err
	}
	return nil
}

// parseProfile reads --profile: empty for the default, or tt15.
func parseProfile(name string) (signing.Profile, error) {
	switch strings.ToLower(name) {
	case "":
		return signing.ProfileDefault, nil
	case "tt15":
		return signing.ProfileTT15, nil
	}
	return "", fmt.Errorf("--profile must be tt15 (or absent), not %q", name)
}

// algorithmNames are the names --algorithm takes: the scheme, and a hash
// other than SHA-256 after it.
var algorithmNames = map[string]signing.Algorithm{
	"rsa-pss": signing.RSAPSSSHA256, "rsa-pss-sha256": signing.RSAPSSSHA256,
	"rsa-pss-sha384": signing.RSAPSSSHA384, "rsa-pss-sha512": signing.RSAPSSSHA512,
	"ecdsa": signing.ECDSASHA256, "ecdsa-sha256": signing.ECDSASHA256,
	"ecdsa-sha384": signing.ECDSASHA384, "ecdsa-sha512": signing.ECDSASHA512,
	"rsa-pkcs1v15": signing.RSASHA256, "rsa-pkcs1v15-sha256": signing.RSASHA256,
	"rsa-pkcs1v15-sha384": signing.RSASHA384, "rsa-pkcs1v15-sha512": signing.RSASHA512,
}

// parseAlgorithm reads --algorithm.
func parseAlgorithm(name string) (signing.Algorithm, error) {
	if a, ok := algorithmNames[strings.ToLower(name)]; ok {
		return a, nil
	}
	return "", fmt.Errorf("--algorithm must be rsa-pss, ecdsa or rsa-pkcs1v15, optionally with -sha384 or -sha512, not %q", name)
}
