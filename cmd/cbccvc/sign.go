package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

const testpkiUsage = `Usage: cbccvc testpki --out DIR [--agency CODE]... [--key-type rsa2048|rsa-pss|ecdsa-p256|ecdsa-p384]

Makes a throw-away PKI for tests: root.pem (and intermediate.pem), and for
each agency (000.00.00.H29 when none is given) and for csdlqg, the national
database (000.00.00.G09): NAME.p12 with its password in NAME.pass,
NAME.key.pem (PKCS #8) and NAME.cert.pem (the certificate, then its
intermediates). An RSA key signs with RSASSA-PSS, an ECDSA key with ECDSA
(Circular 15/2025/TT-BKHCN); rsa-pss is an RSA 2048 key like rsa2048. For
checking with xmlsec1 1.2, which knows no RSASSA-PSS, choose an ECDSA key.
Never trust these outside a test.

Flags:
`

// agencies collects repeated --agency flags.
type agencies []identifier.AgencyCode

func (a *agencies) String() string { return fmt.Sprint(*a) }
func (a *agencies) Set(s string) error {
	c, err := identifier.ParseAgencyCode(s)
	if err != nil {
		return err
	}
	*a = append(*a, c)
	return nil
}

func runTestPKI(_ context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("testpki", flag.ContinueOnError)
	out := fs.String("out", "", "directory to write to (made if missing)")
	keyType := fs.String("key-type", "rsa2048", "rsa2048, rsa-pss, ecdsa-p256 or ecdsa-p384")
	var codes agencies
	fs.Var(&codes, "agency", "agency code to issue a certificate for (repeatable)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), testpkiUsage)
		fs.PrintDefaults()
	}
	if stop, code := parseFlags(fs, e, interleaveFlags(args, map[string]bool{"out": true, "key-type": true, "agency": true})); stop {
		return code
	}
	usage := func(msg string, a ...any) int {
		fmt.Fprintf(e.stderr, "cbccvc testpki: "+msg+"\n", a...)
		return exitUsage
	}
	if *out == "" || fs.NArg() > 0 {
		return usage("give --out DIR, and no arguments")
	}
	var kt signingtest.KeyType
	switch *keyType {
	case "rsa2048":
		kt = signingtest.RSA2048
	case "rsa-pss":
		kt = signingtest.RSAPSS
	case "ecdsa-p256":
		kt = signingtest.ECDSAP256
	case "ecdsa-p384":
		kt = signingtest.ECDSAP384
	default:
		return usage("--key-type must be rsa2048, rsa-pss, ecdsa-p256 or ecdsa-p384")
	}
	if len(codes) == 0 {
		codes = agencies{identifier.MustParseAgencyCode("000.00.00.H29")}
	}
	pki, err := signingtest.NewPKI(signingtest.Config{At: time.Now()})
	if err != nil {
		return usageError(e, "testpki", err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return usageError(e, "testpki", err)
	}
	if err := pki.WritePEM(*out); err != nil {
		return usageError(e, "testpki", err)
	}
	write := func(name string, id *signingtest.Identity) error {
		key, err := signingtest.KeyPEM(id.Key)
		if err != nil {
			return err
		}
		pass := make([]byte, 12)
		if _, err := rand.Read(pass); err != nil {
			return err
		}
		password := hex.EncodeToString(pass)
		p12, err := signing.EncodePKCS12(id.Key, id.CertChain(), password)
		if err != nil {
			return err
		}
		for file, data := range map[string][]byte{
			name + ".key.pem": key, name + ".cert.pem": signingtest.CertPEM(id.CertChain()...),
			name + ".p12": p12, name + ".pass": []byte(password + "\n"),
		} {
			mode := os.FileMode(0o644)
			if !strings.HasSuffix(file, ".cert.pem") {
				mode = 0o600 // keys and their passwords
			}
			if err := os.WriteFile(filepath.Join(*out, file), data, mode); err != nil {
				return err
			}
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", name, id.Cert.Subject)
		return nil
	}
	for _, c := range codes {
		if err := write(c.Canonical(), pki.Agency(c, kt)); err != nil {
			return usageError(e, "testpki", err)
		}
	}
	if err := write("csdlqg", pki.CSDLQG()); err != nil {
		return usageError(e, "testpki", err)
	}
	fmt.Fprintf(e.stdout, "root: %s\n", filepath.Join(*out, "root.pem"))
	return exitOK
}

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

func runSign(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("sign", flag.ContinueOnError)
	var k keyFlags
	k.register(fs)
	out := fs.String("o", "", "write to this file instead of standard output")
	profileName := fs.String("profile", "", "tt15: refuse what Circular 15/2025/TT-BKHCN does not allow, even by name")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), signUsage)
		fs.PrintDefaults()
	}
	if stop, code := parseFlags(fs, e, interleaveFlags(args, valueFlags(fs))); stop {
		return code
	}
	usage := func(msg string, a ...any) int {
		fmt.Fprintf(e.stderr, "cbccvc sign: "+msg+"\n", a...)
		return exitUsage
	}
	if !k.given() || fs.NArg() != 1 {
		return usage("give --key (or --pkcs11) and one FILE")
	}
	profile, err := parseProfile(*profileName)
	if err != nil {
		return usageError(e, "sign", err)
	}
	signer, err := k.signer(signing.WithProfile(profile), signing.WithClock(e.clock()))
	if err != nil {
		return usageError(e, "sign", err)
	}
	defer k.close()
	in, err := readInput(e, fs.Arg(0))
	if err != nil {
		return usageError(e, "sign", err)
	}
	if fs := undecodable(in); len(fs) > 0 {
		fmt.Fprintln(e.stderr, "cbccvc sign: Gói tin có giá trị không chuyển nguyên vẹn được nên chưa ký. Đề nghị sửa các giá trị dưới đây rồi ký lại.")
		fmt.Fprintln(e.stderr, "cbccvc sign: the packet holds values that cannot be carried whole, so it is not signed:")
		for _, f := range fs {
			fmt.Fprintf(e.stderr, "  %s %s\n      %s\n      %s\n", f.Rule, f.Pointer, f.MessageVI, f.MessageEN)
		}
		return exitInvalid
	}
	signed, err := signer.Sign(ctx, in)
	if err != nil {
		printError(e.stderr, "sign", err)
		return exitInvalid
	}
	w, commit, abort, err := output(e, *out)
	if err != nil {
		return usageError(e, "sign", err)
	}
	if _, err := w.Write(append(signed, '\n')); err != nil {
		abort()
		return usageError(e, "sign", err)
	}
	if err := commit(); err != nil {
		return usageError(e, "sign", err)
	}
	return exitOK
}

// undecodable returns the findings of the values of a packet that do not
// bind into the model.
func undecodable(pkt []byte) packet.Findings {
	_, err := packet.Decode(bytes.NewReader(pkt), packet.FormatAuto, packet.Limits{})
	var fs packet.Findings
	errors.As(err, &fs) // anything else is the signer's to refuse
	return fs
}

func readInput(e env, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(e.stdin)
	}
	return os.ReadFile(name)
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

// loadSigner reads a PKCS #12 file, or a PEM key with its PEM chain.
func loadSigner(keyFile, certFile, passFile string, opts ...signing.SignerOption) (*signing.Signer, error) {
	data, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, err
	}
	if block, _ := pem.Decode(data); block == nil {
		if passFile != "" {
			return signing.LoadPKCS12File(keyFile, passFile, opts...)
		}
		return signing.LoadPKCS12(data, "", opts...)
	}
	if certFile == "" {
		return nil, errors.New("a PEM key needs --cert with its certificate chain")
	}
	key, err := parsePEMKey(data)
	if err != nil {
		return nil, err
	}
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return nil, err
	}
	chain, err := parseCerts(certPEM)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", certFile, err)
	}
	return signing.NewSigner(key, chain, opts...)
}

func parseCerts(data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, errors.New("no PEM certificate")
	}
	return certs, nil
}

const verifyUsage = `Usage: cbccvc verify --roots FILE [--intermediates FILE] [--profile tt15] [--json]
                     [--revocation off|soft|hard [--crl FILE]...] [--tsa-roots FILE] FILE...

Verifies signed packets, JSON (CMS) or XML (XML-DSig), against the root
certificates in FILE (PEM):
the signature, the chain at the current time, the algorithms, and that the
signer is the sender. Exits 0 when all verify, 1 when any does not, 2 on a
usage error or an unreadable file. --intermediates adds CA certificates for
signatures that carry only the signer's (as xmlsec1 writes them).
A signature with an RFC 3161 time-stamp has its chain checked at the
time-stamp's time instead, once the time-stamp verifies against
--tsa-roots (default: --roots).
--revocation soft or hard also asks the OCSP responder of each certificate
of the chain but the root (then its CRL; --crl gives CRL files to use
first) whether it is revoked: a revoked one is refused either way; one
whose status cannot be found (the responder unreachable, status unknown)
is accepted with a warning under soft and refused under hard. Each check,
and what was done, is printed.
A signature by RSA PKCS #1 v1.5, which Circular 15/2025/TT-BKHCN does not
allow, verifies with a warning (older systems still sign so); --profile
tt15 requires the circular and refuses it (R-SIG-003). With --json
it prints one object per file:
{"file","verified","signer","agency","signingTime","algorithm","timeStampedAt",
"timeStampAuthority","revocation","warnings","rule","error","errorVI"},
where rule is the R-SIG rule of the catalogue that a failure breaks,
warnings are [{"message","messageVI"}] and revocation is
[{"certificate","serial","status","source","error","action"}] (status good,
revoked or unknown; action accepted or refused).

Flags:
`

type verifyResult struct {
	File        string `json:"file"`
	Verified    bool   `json:"verified"`
	Signer      string `json:"signer,omitempty"`
	Agency      string `json:"agency,omitempty"`
	SigningTime string `json:"signingTime,omitempty"`
	Algorithm   string `json:"algorithm,omitempty"`
	// TimeStampedAt and TimeStampAuthority are those of a time-stamp that
	// verified: the chain was checked at that time.
	TimeStampedAt      string            `json:"timeStampedAt,omitempty"`
	TimeStampAuthority string            `json:"timeStampAuthority,omitempty"`
	Revocation         []revocationCheck `json:"revocation,omitempty"` // what --revocation checked and did
	Warnings           []verifyWarning   `json:"warnings,omitempty"`   // of a signature that verified (signing.Verified.Warnings)
	Rule               string            `json:"rule,omitempty"`       // the R-SIG rule a failure breaks (signing.Rule)
	Error              string            `json:"error,omitempty"`
	ErrorVI            string            `json:"errorVI,omitempty"` // the same, in Vietnamese, with what to do
}

// verifyWarning is a warning of a signature that verified, in English and
// in Vietnamese.
type verifyWarning struct {
	Message   string `json:"message"`
	MessageVI string `json:"messageVI"`
}

func runVerify(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	var vf verifyFlags
	vf.register(fs, "PEM file of trusted root certificates")
	asJSON := fs.Bool("json", false, "print one JSON object per file")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), verifyUsage)
		fs.PrintDefaults()
	}
	if stop, code := parseFlags(fs, e, interleaveFlags(args, valueFlags(fs))); stop {
		return code
	}
	usage := func(msg string, a ...any) int {
		fmt.Fprintf(e.stderr, "cbccvc verify: "+msg+"\n", a...)
		return exitUsage
	}
	if vf.roots == "" || fs.NArg() == 0 {
		return usage("give --roots FILE and at least one FILE")
	}
	pol, err := vf.policy(e.clock(), false)
	if err != nil {
		return usageError(e, "verify", err)
	}
	v := &signing.Verifier{Policy: pol}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	code := exitOK
	for _, name := range fs.Args() {
		res := verifyResult{File: name}
		data, err := readInput(e, name)
		if err != nil {
			res.ErrorVI, res.Error = msg.Split(err)
			code = exitUsage
		} else if got, err := v.Verify(ctx, data); err != nil {
			res.ErrorVI, res.Error = msg.Split(err)
			res.Rule = signing.Rule(err)
			if code == exitOK {
				code = exitInvalid
			}
		} else {
			res.Verified = true
			res.Signer = got.Signer.Subject.String()
			res.Agency = got.Agency.String()
			res.Algorithm = string(got.Algorithm)
			if !got.SignedAt.IsZero() {
				res.SigningTime = got.SignedAt.Format(time.RFC3339)
			}
			if !got.TimeStampedAt.IsZero() {
				res.TimeStampedAt = got.TimeStampedAt.Format(time.RFC3339)
				res.TimeStampAuthority = got.TimeStampAuthority.Subject.String()
			}
			for _, w := range got.Warnings {
				res.Warnings = append(res.Warnings, verifyWarning{Message: w.MessageEN, MessageVI: w.MessageVI})
			}
		}
		res.Revocation = vf.takeChecks()
		if *asJSON {
			enc.Encode(res)
			continue
		}
		if res.Verified {
			fmt.Fprintf(e.stdout, "%s: verified, signed by %s (%s) at %s\n", name, res.Agency, res.Signer, res.SigningTime)
			fmt.Fprintf(e.stdout, "%s: đã xác thực chữ ký số của %s (%s), ký số lúc %s\n", name, res.Agency, res.Signer, timeVI(res.SigningTime))
			if res.TimeStampedAt != "" {
				fmt.Fprintf(e.stdout, "%s: time-stamped at %s by %s; the chain was checked at that time\n", name, res.TimeStampedAt, res.TimeStampAuthority)
				fmt.Fprintf(e.stdout, "%s: có dấu thời gian lúc %s của %s; chứng thư số được kiểm tra tại thời điểm đó\n", name, timeVI(res.TimeStampedAt), res.TimeStampAuthority)
			}
			printChecks(e.stdout, name+": ", res.Revocation)
			for _, w := range res.Warnings {
				fmt.Fprintf(e.stdout, "%s: warning: %s\n%s: cảnh báo: %s\n", name, w.Message, name, w.MessageVI)
			}
		} else {
			fmt.Fprintf(e.stdout, "%s: NOT verified: %s\n", name, res.Error)
			fmt.Fprintf(e.stdout, "%s: chưa xác thực được chữ ký số: %s\n", name, res.ErrorVI)
			printChecks(e.stdout, name+": ", res.Revocation)
		}
	}
	return code
}

const canonicalUsage = `Usage: cbccvc canonical FILE

Prints the exact bytes a packet's signature covers, so that anyone can check
a signature with other tools. For a JSON packet: the packet without ChuKySo,
in its RFC 8785 form, for openssl cms -verify -binary -content. For an XML
packet (a file starting with '<'): the packet without its ds:Signature, in
Exclusive XML Canonicalization, the bytes whose SHA-256 is the signature's
DigestValue.
`

func runCanonical(_ context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("canonical", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), canonicalUsage) }
	if stop, code := parseFlags(fs, e, args); stop {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "cbccvc canonical: give one FILE")
		return exitUsage
	}
	data, err := readInput(e, fs.Arg(0))
	if err != nil {
		printError(e.stderr, "canonical", err)
		return exitUsage
	}
	c, err := signing.Canonical(data)
	if err != nil {
		printError(e.stderr, "canonical", err)
		return exitInvalid
	}
	e.stdout.Write(c)
	return exitOK
}

// parsePEMKey reads a private key in PKCS #8, PKCS #1 or SEC 1 PEM.
func parsePEMKey(data []byte) (crypto.Signer, error) {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, errors.New("no PEM private key")
		}
		var key any
		var err error
		switch block.Type {
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(block.Bytes)
		default:
			continue
		}
		if err != nil {
			return nil, err
		}
		s, ok := key.(crypto.Signer)
		if !ok {
			return nil, fmt.Errorf("a %T key cannot sign", key)
		}
		return s, nil
	}
}

// timeVI writes an RFC 3339 time of the CLI's output as a Vietnamese text
// does: "08:30 ngày 01/03/2026 (UTC+07:00)"; any other text as it is.
func timeVI(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.Format("15:04 ngày 02/01/2006 (UTC-07:00)")
}
