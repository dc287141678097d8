package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/cbccvc/cbccvc-go/signing"
)

// verifyFlags are the flags of the commands that verify signatures: what
// they trust and what they check. verify registers them, and so does
// transportFlags for the answers of the national database, so that every
// command checks a signature by the same policy.
type verifyFlags struct {
	roots, intermediates, profile string
	revocation                    string   // off, soft or hard
	crls                          listFlag // CRL files
	tsaRoots                      string

	checks *revocationLog // what the policy's revocation checker did
}

// revocationTimeout bounds one request to an OCSP responder or for a CRL.
const revocationTimeout = 10 * time.Second

// register adds the flags; rootsUsage says whose roots --roots holds.
func (v *verifyFlags) register(fs *flag.FlagSet, rootsUsage string) {
	fs.StringVar(&v.roots, "roots", "", rootsUsage)
	fs.StringVar(&v.intermediates, "intermediates", "", "PEM file of intermediate CA certificates, for signatures that carry only the signer's (optional)")
	fs.StringVar(&v.profile, "profile", "", "tt15: require Circular 15/2025/TT-BKHCN, refusing RSA PKCS #1 v1.5")
	fs.StringVar(&v.revocation, "revocation", "off", "check that no certificate of the signer's chain is revoked, by OCSP then CRL: off, soft (a status that cannot be found is accepted, and said) or hard (it is refused)")
	fs.Var(&v.crls, "crl", "with --revocation: a CRL file (DER or PEM) to use before asking the network (repeatable)")
	fs.StringVar(&v.tsaRoots, "tsa-roots", "", "PEM file of the roots trusted for RFC 3161 time-stamp authorities (default: those of --roots)")
}

// policy returns the verification policy the flags say, checking at the
// time now gives (nil for the system's clock). Without --roots it trusts
// the system's roots when systemRoots is set, and fails otherwise.
func (v *verifyFlags) policy(now func() time.Time) (signing.Policy, error) {
	pol := signing.Policy{Now: now}
	var err error
	if pol.Profile, err = parseProfile(v.profile); err != nil {
		return pol, err
	}
	// No fall-back to the system's roots: they are the web's CAs, not those
	// that certify agencies and the national database.
	if v.roots == "" {
		return pol, errors.New("give --roots FILE: the PEM roots that the signers' certificates chain to")
	}
	if pol.Roots, err = readPool(v.roots); err != nil {
		return pol, err
	}
	if v.intermediates != "" {
		if pol.Intermediates, err = readPool(v.intermediates); err != nil {
			return pol, err
		}
	}
	if v.tsaRoots != "" {
		if pol.TSARoots, err = readPool(v.tsaRoots); err != nil {
			return pol, err
		}
	}
	pol.Revocation, err = v.revocationChecker()
	return pol, err
}

// revocationChecker is the checker --revocation and --crl say, nil for off.
func (v *verifyFlags) revocationChecker() (signing.RevocationChecker, error) {
	var soft bool
	switch v.revocation {
	case "off", "":
		if len(v.crls) > 0 {
			return nil, errors.New("--crl needs --revocation soft or hard")
		}
		return nil, nil
	case "soft":
		soft = true
	case "hard":
	default:
		return nil, fmt.Errorf("--revocation must be off, soft or hard, not %q", v.revocation)
	}
	var crls []*x509.RevocationList
	for _, name := range v.crls {
		rl, err := readCRL(name)
		if err != nil {
			return nil, err
		}
		crls = append(crls, rl)
	}
	// The answers are judged at the system's clock, the one the responders
	// date them by, whatever time the chain is checked at. HardFail: the
	// log decides what soft does, so that it can say so.
	client := signing.NewRevocationClient(signing.RevocationConfig{
		HTTPClient: &http.Client{Timeout: revocationTimeout}, Mode: signing.HardFail, CRLs: crls})
	v.checks = &revocationLog{client: client, soft: soft}
	return v.checks, nil
}

// readCRL reads a CRL file, DER or PEM.
func readCRL(name string) (*x509.RevocationList, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	if b, _ := pem.Decode(data); b != nil && b.Type == "X509 CRL" {
		data = b.Bytes
	}
	rl, err := x509.ParseRevocationList(data)
	if err != nil {
		return nil, fmt.Errorf("%s: not a CRL: %w", name, err)
	}
	return rl, nil
}

// takeChecks returns the revocation checks made since it was last called.
func (v *verifyFlags) takeChecks() []revocationCheck {
	if v.checks == nil {
		return nil
	}
	return v.checks.take()
}

// revocationCheck is what one revocation check found and what was done.
type revocationCheck struct {
	Certificate string `json:"certificate"` // its subject's common name
	Serial      string `json:"serial"`
	Status      string `json:"status"` // good, revoked or unknown
	Source      string `json:"source,omitempty"`
	Error       string `json:"error,omitempty"` // why the status is unknown
	// Action is what was done: accepted or refused.
	Action string `json:"action"`
}

// revocationLog is a RevocationChecker that asks a client and keeps what
// it found, so that a command can say what it checked and, when a status
// could not be found, what it did: accepted under soft, refused under
// hard. It is safe for concurrent use.
type revocationLog struct {
	client *signing.RevocationClient
	soft   bool

	mu     sync.Mutex
	checks []revocationCheck
}

// Check implements signing.RevocationChecker.
func (l *revocationLog) Check(ctx context.Context, cert, issuer *x509.Certificate) error {
	c := revocationCheck{Certificate: cert.Subject.CommonName, Serial: cert.SerialNumber.String()}
	st, err := l.client.Status(ctx, cert, issuer)
	switch {
	case err != nil:
		c.Status, c.Action = "unknown", "refused"
		c.Error = strings.TrimPrefix(err.Error(), signing.ErrRevocationUnknown.Error()+": ")
		if l.soft {
			c.Action, err = "accepted", nil
		}
	case st.Revoked:
		c.Status, c.Source, c.Action = "revoked", st.Source, "refused"
		err = fmt.Errorf("%w: serial %s revoked at %s (reason %d), says %s", signing.ErrRevoked,
			cert.SerialNumber, st.RevokedAt.Format(time.RFC3339), st.Reason, st.Source)
	default:
		c.Status, c.Source, c.Action = "good", st.Source, "accepted"
	}
	l.mu.Lock()
	if len(l.checks) >= maxLoggedChecks { // a server that never takes them
		l.checks = append(l.checks[:0], l.checks[maxLoggedChecks/2:]...)
	}
	l.checks = append(l.checks, c)
	l.mu.Unlock()
	return err
}

// maxLoggedChecks is the most checks a revocationLog keeps untaken: the
// latest ones.
const maxLoggedChecks = 1024

func (l *revocationLog) take() []revocationCheck {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.checks
	l.checks = nil
	return out
}

// printChecks says, after prefix, what each revocation check found and
// did, once for each certificate and outcome; a status accepted unknown
// also in Vietnamese.
func printChecks(w io.Writer, prefix string, checks []revocationCheck) {
	seen := map[revocationCheck]bool{}
	for _, c := range checks {
		if seen[c] {
			continue
		}
		seen[c] = true
		switch {
		case c.Status == "good":
			fmt.Fprintf(w, "%srevocation: %q (serial %s) not revoked, says %s\n", prefix, c.Certificate, c.Serial, c.Source)
		case c.Status == "revoked":
			fmt.Fprintf(w, "%srevocation: %q (serial %s) REVOKED, says %s: refused\n", prefix, c.Certificate, c.Serial, c.Source)
		case c.Action == "accepted":
			fmt.Fprintf(w, "%srevocation: %q (serial %s) status unknown (%s): accepted, as --revocation soft asks\n", prefix, c.Certificate, c.Serial, c.Error)
			fmt.Fprintf(w, "%scảnh báo: không xác định được tình trạng thu hồi của chứng thư số %q; chữ ký số vẫn được chấp nhận vì đã chọn --revocation soft. Đề nghị kiểm tra kết nối tới dịch vụ kiểm tra trạng thái chứng thư số.\n", prefix, c.Certificate)
		default:
			fmt.Fprintf(w, "%srevocation: %q (serial %s) status unknown (%s): refused, as --revocation hard asks\n", prefix, c.Certificate, c.Serial, c.Error)
		}
	}
}

// readPool reads a PEM file of certificates into a pool.
func readPool(name string) (*x509.CertPool, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	certs, err := signing.ParseCertificatesPEM(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool, nil
}
