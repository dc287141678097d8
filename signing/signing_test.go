package signing

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing/internal/cms"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

var (
	h29 = identifier.MustParseAgencyCode("000.00.00.H29")
	g12 = identifier.MustParseAgencyCode("000.00.00.G12")
)

var (
	pkiOnce sync.Once
	testPKI *signingtest.PKI
)

// thePKI is shared by the tests: RSA keys take time to make.
func thePKI(t testing.TB) *signingtest.PKI {
	pkiOnce.Do(func() {
		p, err := signingtest.NewPKI(signingtest.Config{})
		if err != nil {
			t.Fatal(err)
		}
		testPKI = p
	})
	return testPKI
}

func packetJSON(t testing.TB, sender identifier.AgencyCode) []byte {
	t.Helper()
	p := packettest.New(packettest.Options{Seed: 3, Sender: sender}).Packet(packet.KindProfiles, 2)
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func signer(t testing.TB, id *signingtest.Identity, opts ...SignerOption) *Signer {
	t.Helper()
	s, err := NewSigner(id.Key, id.CertChain(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func verifier(p *signingtest.PKI) *Verifier {
	return &Verifier{Policy: Policy{Roots: p.Roots()}}
}

func sign(t testing.TB, id *signingtest.Identity, pkt []byte, opts ...SignerOption) []byte {
	t.Helper()
	out, err := signer(t, id, opts...).Sign(context.Background(), pkt)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	p := thePKI(t)
	pkt := packetJSON(t, h29)
	for _, kt := range []signingtest.KeyType{signingtest.RSA2048, signingtest.ECDSAP256} {
		id := p.Agency(h29, kt)
		signed := sign(t, id, pkt)
		got, err := verifier(p).Verify(context.Background(), signed)
		if err != nil {
			t.Fatalf("key type %d: %v", kt, err)
		}
		if !got.Agency.Equal(h29) || !got.Signer.Equal(id.Cert) || len(got.Chain) != 3 {
			t.Errorf("agency %v, signer %v, chain %d", got.Agency, got.Signer.Subject, len(got.Chain))
		}
		if time.Since(got.SignedAt) > time.Minute {
			t.Errorf("signed at %v", got.SignedAt)
		}
		if got.Packet.Signature == nil || got.Packet.Signature.Format != "CMS" || len(got.Findings) != 0 {
			t.Errorf("signature %+v, findings %v", got.Packet.Signature, got.Findings)
		}
		want, _ := Canonical(pkt)
		if !bytes.Equal(got.Canonical, want) {
			t.Error("canonical bytes differ")
		}
		if got.Packet.Records.Len() != 2 || !got.Packet.Header.Sender.Equal(h29) {
			t.Errorf("packet: %d records, sender %v", got.Packet.Records.Len(), got.Packet.Header.Sender)
		}
		// Signing a signed packet replaces its signature.
		again := sign(t, id, signed)
		if _, err := verifier(p).Verify(context.Background(), again); err != nil {
			t.Errorf("re-signed: %v", err)
		}
		if bytes.Count(again, []byte(`"ChuKySo"`)) != 1 {
			t.Error("re-signed packet has more than one ChuKySo")
		}
	}
}

func TestCSDLQGSigns(t *testing.T) {
	p := thePKI(t)
	g09 := identifier.MustParseAgencyCode(signingtest.CSDLQGCode)
	signed := sign(t, p.CSDLQG(), packetJSON(t, g09))
	if _, err := verifier(p).Verify(context.Background(), signed); err != nil {
		t.Fatal(err)
	}
}

// Whitespace, key order and number spelling do not break a signature (JCS).
func TestTransitChangesKeepSignature(t *testing.T) {
	p := thePKI(t)
	signed := sign(t, p.Agency(h29, signingtest.ECDSAP256), packetJSON(t, h29))
	var indented bytes.Buffer
	if err := json.Indent(&indented, signed, "", "\t"); err != nil {
		t.Fatal(err)
	}
	// Key order: Go's map encoding sorts keys, reversing none, so reverse the
	// top-level members by hand.
	var top map[string]json.RawMessage
	if err := json.Unmarshal(signed, &top); err != nil {
		t.Fatal(err)
	}
	reordered := []byte("{\n")
	keys := []string{"ChuKySo", "DuLieu", "ThongTinGoiTin"}
	for i, k := range keys {
		reordered = append(reordered, `  "`+k+`" : `...)
		reordered = append(reordered, top[k]...)
		if i < len(keys)-1 {
			reordered = append(reordered, ",\n"...)
		}
	}
	reordered = append(reordered, "\n}\n"...)
	// Number spelling: 2 and 2.0 and 2e0 are the same JSON number.
	respelled := bytes.Replace(signed, []byte(`"SoLuongBanGhi":2`), []byte(`"SoLuongBanGhi":2.0e0`), 1)
	if bytes.Equal(respelled, signed) {
		t.Fatal("SoLuongBanGhi not found")
	}
	for name, in := range map[string][]byte{"indented": indented.Bytes(), "reordered": reordered, "respelled": respelled} {
		if _, err := verifier(p).Verify(context.Background(), in); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Changing any one value by one byte is caught.
func TestValueChangeCaught(t *testing.T) {
	p := thePKI(t)
	signed := sign(t, p.Agency(h29, signingtest.RSA2048), packetJSON(t, h29))
	sigStart := bytes.Index(signed, []byte(`"ChuKySo"`))
	v := verifier(p)
	changed := 0
	for i := 0; i < sigStart; i++ {
		c := signed[i]
		var r byte
		switch {
		case c >= '1' && c <= '8':
			r = c + 1
		case c >= 'a' && c <= 'y' && signed[i-1] != '\\':
			r = c + 1
		default:
			continue
		}
		mod := bytes.Clone(signed)
		mod[i] = r
		_, err := v.Verify(context.Background(), mod)
		if err == nil {
			t.Fatalf("change at %d (%q) not caught: %s", i, c, signed[max(0, i-20):i+20])
		}
		// A changed key may make the JSON unreadable; a changed value
		// must be a digest mismatch.
		if inValue(signed, i) && !errors.Is(err, ErrDigestMismatch) {
			t.Errorf("change at %d: %v", i, err)
		}
		changed++
		if testing.Short() && changed > 50 {
			break
		}
	}
	if changed < 50 {
		t.Fatalf("only %d changes tried", changed)
	}
}

// inValue reports whether signed[i] is inside a value rather than a key: the
// next structural character after it is not ':'.
func inValue(b []byte, i int) bool {
	inStr := false
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			inStr = !inStr
		case ':':
			return false
		case ',', '}', ']':
			return true
		}
	}
	return true
}

func TestSignerNotSender(t *testing.T) {
	p := thePKI(t)
	pkt := packetJSON(t, h29)
	other := p.Agency(g12, signingtest.ECDSAP256)
	// The signer refuses by default.
	if _, err := signer(t, other).Sign(context.Background(), pkt); !errors.Is(err, ErrSignerNotSender) {
		t.Errorf("Sign: %v", err)
	}
	signed := sign(t, other, pkt, WithMatcher(nil))
	_, err := verifier(p).Verify(context.Background(), signed)
	if !errors.Is(err, ErrSignerNotSender) || errors.Is(err, ErrBadSignature) {
		t.Errorf("Verify: %v", err)
	}
	// A caller's matcher may accept it: G12 may sign for H29 here.
	v := verifier(p)
	v.Policy.MatchSigner = func(c *x509.Certificate, sender identifier.AgencyCode) error { return nil }
	got, err := v.Verify(context.Background(), signed)
	if err != nil || !got.Agency.Equal(h29) {
		t.Errorf("custom matcher: %v, %v", got, err)
	}
}

func TestBadCertificates(t *testing.T) {
	p := thePKI(t)
	pkt := packetJSON(t, h29)
	for _, c := range []struct {
		d    signingtest.Defect
		want error
	}{
		{signingtest.Expired, ErrExpired},
		{signingtest.OtherRoot, ErrUntrusted},
		{signingtest.RSA1024, ErrWeakAlgorithm},
		{signingtest.WrongKeyUsage, ErrUntrusted},
	} {
		var opts []SignerOption
		if c.d == signingtest.RSA1024 {
			// An older system's short key: the default signer refuses it.
			opts = append(opts, WithAlgorithm(RSASHA256))
		}
		signed := sign(t, p.Bad(h29, c.d), pkt, opts...)
		if _, err := verifier(p).Verify(context.Background(), signed); !errors.Is(err, c.want) {
			t.Errorf("defect %d: got %v, want %v", c.d, err, c.want)
		}
	}
}

// signUnchecked signs pkt the way a careless or old signer would.
func signUnchecked(t testing.TB, id *signingtest.Identity, pkt []byte, digestSHA1 bool) []byte {
	t.Helper()
	canon, err := Canonical(pkt)
	if err != nil {
		t.Fatal(err)
	}
	d := cms.OIDSHA256
	if digestSHA1 {
		d = cms.OIDSHA1
	}
	der, err := cms.SignUnchecked(canon, id.Key, id.CertChain(), d)
	if err != nil {
		t.Fatal(err)
	}
	out, err := appendSignature(canon, der)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSHA1Refused(t *testing.T) {
	p := thePKI(t)
	pkt := packetJSON(t, h29)
	for name, signed := range map[string][]byte{
		"SHA-1 digest":      signUnchecked(t, p.Agency(h29, signingtest.RSA2048), pkt, true),
		"SHA-1 certificate": signUnchecked(t, p.Bad(h29, signingtest.SHA1Signed), pkt, false),
	} {
		if _, err := verifier(p).Verify(context.Background(), signed); !errors.Is(err, ErrWeakAlgorithm) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestExpiredSinceSigning(t *testing.T) {
	p := thePKI(t)
	id := p.Agency(h29, signingtest.RSA2048)
	signed := sign(t, id, packetJSON(t, h29))
	v := verifier(p)
	v.Policy.Now = func() time.Time { return id.Cert.NotAfter.Add(time.Second) }
	if _, err := v.Verify(context.Background(), signed); !errors.Is(err, ErrExpired) {
		t.Errorf("got %v", err)
	}
}

func TestUnsignedAndMalformed(t *testing.T) {
	p := thePKI(t)
	pkt := packetJSON(t, h29)
	v := verifier(p)
	if _, err := v.Verify(context.Background(), pkt); !errors.Is(err, ErrUnsigned) {
		t.Errorf("unsigned: %v", err)
	}
	signed := sign(t, p.Agency(h29, signingtest.ECDSAP256), pkt)
	var top map[string]json.RawMessage
	if err := json.Unmarshal(signed, &top); err != nil {
		t.Fatal(err)
	}
	var sig packet.Signature
	if err := json.Unmarshal(top["ChuKySo"], &sig); err != nil {
		t.Fatal(err)
	}
	der, _ := base64.StdEncoding.DecodeString(sig.Value)
	with := func(chuKySo string) []byte {
		canon, _ := Canonical(pkt)
		return append(append(canon[:len(canon)-1:len(canon)-1], `,"ChuKySo":`+chuKySo...), '}')
	}
	cases := map[string][]byte{
		"null":         with(`null`),
		"not object":   with(`"abc"`),
		"other format": with(`{"DinhDang":"XMLDSIG","GiaTri":"` + sig.Value + `"}`),
		"extra member": with(`{"DinhDang":"CMS","GiaTri":"` + sig.Value + `","X":1}`),
		"not base64":   with(`{"DinhDang":"CMS","GiaTri":"!!!"}`),
		"empty":        with(`{"DinhDang":"CMS","GiaTri":""}`),
		"garbage":      with(`{"DinhDang":"CMS","GiaTri":"` + base64.StdEncoding.EncodeToString([]byte("garbage")) + `"}`),
		"huge":         with(`{"DinhDang":"CMS","GiaTri":"` + strings.Repeat("A", 2<<20) + `"}`),
	}
	for n := 1; n < len(der); n += len(der)/20 + 1 {
		cases["truncated "+string(rune('a'+len(cases)))] = with(`{"DinhDang":"CMS","GiaTri":"` + base64.StdEncoding.EncodeToString(der[:n]) + `"}`)
	}
	for name, in := range cases {
		_, err := v.Verify(context.Background(), in)
		want := ErrMalformed
		if name == "null" {
			want = ErrUnsigned
		}
		if !errors.Is(err, want) {
			t.Errorf("%s: got %v, want %v", name, err, want)
		}
	}
}

func TestNotAPacket(t *testing.T) {
	p := thePKI(t)
	v := verifier(p)
	for _, in := range []string{``, `[]`, `{"a":1,"a":2}`, `{} {}`, `<GoiTin/>`} {
		if _, err := v.Verify(context.Background(), []byte(in)); err == nil {
			t.Errorf("%q verified", in)
		}
	}
	s := signer(t, p.Agency(h29, signingtest.ECDSAP256))
	if _, err := s.Sign(context.Background(), []byte(`{"a":1}`)); err == nil {
		t.Error("signed a non-packet")
	}
	if _, err := NewSigner(p.Agency(h29, signingtest.ECDSAP256).Key, []*x509.Certificate{p.Agency(g12, signingtest.ECDSAP256).Cert}); err == nil {
		t.Error("NewSigner accepted another certificate's key")
	}
}

func TestNoRootsTrustsNothing(t *testing.T) {
	p := thePKI(t)
	signed := sign(t, p.Agency(h29, signingtest.ECDSAP256), packetJSON(t, h29))
	if _, err := (&Verifier{}).Verify(context.Background(), signed); !errors.Is(err, ErrUntrusted) {
		t.Errorf("got %v", err)
	}
}

func TestXMLUnsigned(t *testing.T) {
	xml := []byte(`<?xml version="1.0" encoding="UTF-8"?><GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2"/>`)
	if _, err := (&Verifier{}).Verify(t.Context(), xml); !errors.Is(err, ErrUnsigned) {
		t.Errorf("Verify(XML) error %v, want ErrUnsigned", err)
	}
}

// TestSignerClock: a signer whose world runs at another time (a sandbox,
// a test) signs at that time, within the certificates made for it.
func TestSignerClock(t *testing.T) {
	at := time.Date(2001, 3, 1, 9, 0, 0, 0, time.UTC) // long past: the system clock is never in it
	p, err := signingtest.NewPKI(signingtest.Config{At: at})
	if err != nil {
		t.Fatal(err)
	}
	id := p.Agency(h29, signingtest.ECDSAP256)
	v := &Verifier{Policy: Policy{Roots: p.Roots(), Now: func() time.Time { return at.Add(time.Hour) }}}
	pkt := packetJSON(t, h29)

	got, err := v.Verify(context.Background(), sign(t, id, pkt, WithClock(func() time.Time { return at.Add(time.Minute) })))
	if err != nil {
		t.Fatal(err)
	}
	if !got.SignedAt.Equal(at.Add(time.Minute)) {
		t.Errorf("signed at %v, want %v", got.SignedAt, at.Add(time.Minute))
	}
	if _, err := v.Verify(context.Background(), sign(t, id, pkt)); !errors.Is(err, ErrExpired) {
		t.Errorf("signed by the system clock, long after the certificate: %v, want ErrExpired", err)
	}
}

// appendSignature writes in the canonical form's memory when it has room
// for ChuKySo, and gives the same bytes as when it has to copy.
func TestAppendSignatureInPlace(t *testing.T) {
	der := []byte{0x30, 0x03, 0x02, 0x01, 0x01}
	for _, canon := range []string{`{}`, `{"DuLieu":[],"ThongTinGoiTin":{}}`} {
		want := `{"ChuKySo":{"DinhDang":"CMS","GiaTri":"MAMCAQE="}}`
		if canon != `{}` {
			want = canon[:len(canon)-1] + `,"ChuKySo":{"DinhDang":"CMS","GiaTri":"MAMCAQE="}}`
		}
		tight, err := appendSignature([]byte(canon), der)
		if err != nil {
			t.Fatal(err)
		}
		roomy := append(make([]byte, 0, len(canon)+100), canon...)
		inPlace, err := appendSignature(roomy, der)
		if err != nil {
			t.Fatal(err)
		}
		if string(tight) != want || string(inPlace) != want {
			t.Errorf("%s: got %s and %s, want %s", canon, tight, inPlace, want)
		}
		if &inPlace[0] != &roomy[0] {
			t.Errorf("%s: copied although the canonical form had room", canon)
		}
	}
}
