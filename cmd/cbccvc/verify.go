package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/cbccvc/cbccvc-go/signing"
)

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

func runVerify(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("verify", verifyUsage)
	var vf verifyFlags
	vf.register(fs, "PEM file of trusted root certificates")
	asJSON := fs.Bool("json", false, "print one JSON object per file")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if vf.roots == "" || fs.NArg() == 0 {
		return fmt.Errorf("give --roots FILE and at least one FILE")
	}
	pol, err := vf.policy(e.clock())
	if err != nil {
		return err
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
	return exit(code)
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
