package main

import (
	"crypto/x509"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/cbccvc/cbccvc-go/signing"
)

// verifyFlags are the flags of the commands that verify signatures: what
// they trust and what they check. verify registers them, and so does
// transportFlags for the answers of the national database, so that every
// command checks a signature by the same policy.
type verifyFlags struct {
	roots, intermediates, profile string
}

// register adds the flags; rootsUsage says whose roots --roots holds.
func (v *verifyFlags) register(fs *flag.FlagSet, rootsUsage string) {
	fs.StringVar(&v.roots, "roots", "", rootsUsage)
	fs.StringVar(&v.intermediates, "intermediates", "", "PEM file of intermediate CA certificates, for signatures that carry only the signer's (optional)")
	fs.StringVar(&v.profile, "profile", "", "tt15: require Circular 15/2025/TT-BKHCN, refusing RSA PKCS #1 v1.5")
}

// policy returns the verification policy the flags say, checking at the
// time now gives (nil for the system's clock). Without --roots it trusts
// the system's roots when systemRoots is set, and fails otherwise.
func (v *verifyFlags) policy(now func() time.Time, systemRoots bool) (signing.Policy, error) {
	pol := signing.Policy{Now: now}
	var err error
	if pol.Profile, err = parseProfile(v.profile); err != nil {
		return pol, err
	}
	switch {
	case v.roots != "":
		if pol.Roots, err = readPool(v.roots); err != nil {
			return pol, err
		}
	case systemRoots:
		if pol.Roots, err = x509.SystemCertPool(); err != nil {
			return pol, fmt.Errorf("the system's roots: %w; give --roots", err)
		}
	default:
		return pol, fmt.Errorf("give --roots FILE")
	}
	if v.intermediates != "" {
		if pol.Intermediates, err = readPool(v.intermediates); err != nil {
			return pol, err
		}
	}
	return pol, nil
}

// readPool reads a PEM file of certificates into a pool.
func readPool(name string) (*x509.CertPool, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	certs, err := parseCerts(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool, nil
}
