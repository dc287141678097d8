// Quickstart reads the identifiers that every Decision 356/QĐ-BNV packet
// carries and explains them — an agency code in both of its forms, a
// personal ID with a mistake caught against the recorded birth year, a
// national profile ID made and checked, the NDXP address of the national
// database — then generates a packet of profiles, validates it, signs it
// with a throw-away test PKI and verifies the signature.
//
//	go run ./examples/quickstart
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

func main() {
	log.SetFlags(0)
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	fmt.Fprintln(w, "1. The sender: an agency code, written as production systems do (QCVN 102).")
	unit, err := identifier.ParseAgencyCode("000.00.12.H29")
	if err != nil {
		return err
	}
	province, _ := unit.Parent()
	agency, _ := unit.Level1Agency()
	fmt.Fprintf(w, "   %s is a level-%d unit under %s (%s); in the Decision 20/2020 form: %s\n\n",
		unit, unit.Level(), province, agency.Name, unit.Decision20())

	fmt.Fprintln(w, "2. A personal ID, checked against the profile's gender and birth year.")
	id, err := identifier.ParsePersonalID("079085001234")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s: birth registered in %s, %s, born %d\n", id, id.BirthProvince(), id.Gender(), id.BirthYear())
	for _, m := range id.Check(identifier.GenderMale, 1958) { // a typo in the HR system
		fmt.Fprintf(w, "   %s %s\n          %s\n", m.Rule, m.MessageEN, m.MessageVI)
	}
	_, err = identifier.ParsePersonalID("023456789")
	if errors.Is(err, identifier.ErrOldIDCard) {
		fmt.Fprintf(w, "   023456789 refused: %v\n", err)
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "3. A national profile ID, as the national database assigns it.")
	pid, err := identifier.NewProfileID(unit.Level1(), identifier.CivilServant, 12345)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s: registered by %s, %s, sequence %d\n", pid, pid.Level1(), pid.Kind(), pid.Sequence())
	typo := pid.String()[:6] + pid.String()[7:8] + pid.String()[6:7] + pid.String()[8:]
	if _, err := identifier.ParseProfileID(typo); err != nil {
		fmt.Fprintf(w, "   %s (two digits swapped) refused: %v\n\n", typo, err)
	}

	fmt.Fprintln(w, "4. Where packets go: the national database's service on NDXP.")
	svc := identifier.NationalService()
	fmt.Fprintf(w, "   header form: %s\n   config form: %s\n\n", svc, svc.ConfigString())

	fmt.Fprintln(w, "5. A HOSO packet of five generated profiles, one with a wrong salary coefficient, validated.")
	g := packettest.New(packettest.Options{Seed: 356, Sender: province,
		Defects: []packettest.Defect{packettest.DefectSalaryCoefficient}})
	p := g.Packet(packet.KindProfiles, 5)
	v, err := packet.NewValidator()
	if err != nil {
		return err
	}
	rep, err := v.ValidatePacket(context.Background(), p)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %d records read, valid: %v\n", rep.Records, rep.Valid())
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "   %s %s %s\n          %s\n          %s\n", f.Severity, f.Rule, f.Pointer, f.MessageVI, f.MessageEN)
	}
	fmt.Fprintln(w)
	return signAndVerify(w, province)
}

// signAndVerify signs a clean packet with a certificate of a throw-away
// test PKI, verifies it as the national database would, and shows that a
// changed value no longer verifies.
func signAndVerify(w io.Writer, sender identifier.AgencyCode) error {
	fmt.Fprintln(w, "6. The same packet without the mistake, signed (CMS over RFC 8785) and verified.")
	pki, err := signingtest.NewPKI(signingtest.Config{At: time.Now()})
	if err != nil {
		return err
	}
	id := pki.Agency(sender, signingtest.RSA2048)
	signer, err := signing.NewSigner(id.Key, id.CertChain())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	p := packettest.New(packettest.Options{Seed: 356, Sender: sender, Now: time.Now()}).Packet(packet.KindProfiles, 5)
	if err := p.Encode(&buf, packet.FormatJSON); err != nil {
		return err
	}
	ctx := context.Background()
	signed, err := signer.Sign(ctx, buf.Bytes())
	if err != nil {
		return err
	}
	verifier := &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots()}}
	got, err := verifier.Verify(ctx, signed)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   verified: signed by %s, %d profiles\n", got.Agency, len(got.Packet.Records.Profiles))
	tampered := bytes.Replace(signed, []byte(`"BacLuong":`), []byte(`"BacLuong":1`), 1)
	_, err = verifier.Verify(ctx, tampered)
	fmt.Fprintf(w, "   one salary step changed after signing: %v\n", err)
	if !errors.Is(err, signing.ErrDigestMismatch) {
		return fmt.Errorf("a changed packet verified: %v", err)
	}
	return nil
}
