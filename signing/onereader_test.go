package signing

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// signAnyway makes an enveloped signature over doc as signXML does, but
// without reading doc as a packet first, which refuses what these tests
// are about: what a signer with a key and no scruples can make.
func signAnyway(t testing.TB, id *signingtest.Identity, doc []byte) []byte {
	t.Helper()
	canon, err := Canonical(doc)
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256(canon)
	si := `<ds:CanonicalizationMethod Algorithm="` + AlgExcC14N + `"></ds:CanonicalizationMethod>` +
		`<ds:SignatureMethod Algorithm="` + ECDSASHA256.xmlMethod() + `"></ds:SignatureMethod>` +
		`<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="` + AlgEnveloped + `"></ds:Transform>` +
		`<ds:Transform Algorithm="` + AlgExcC14N + `"></ds:Transform></ds:Transforms>` +
		`<ds:DigestMethod Algorithm="` + AlgSHA256 + `"></ds:DigestMethod>` +
		`<ds:DigestValue>` + base64.StdEncoding.EncodeToString(digest[:]) + `</ds:DigestValue></ds:Reference></ds:SignedInfo>`
	value, err := signXMLDigest(id.Key, ECDSASHA256, []byte(`<ds:SignedInfo xmlns:ds="`+NamespaceDSig+`">`+si))
	if err != nil {
		t.Fatal(err)
	}
	sig := `<ds:Signature xmlns:ds="` + NamespaceDSig + `"><ds:SignedInfo>` + si +
		`<ds:SignatureValue>` + base64.StdEncoding.EncodeToString(value) + `</ds:SignatureValue><ds:KeyInfo><ds:X509Data>`
	for _, c := range id.CertChain() {
		sig += `<ds:X509Certificate>` + base64.StdEncoding.EncodeToString(c.Raw) + `</ds:X509Certificate>`
	}
	sig += `</ds:X509Data></ds:KeyInfo></ds:Signature>`
	k := strings.LastIndex(string(canon), "</")
	return []byte(string(canon[:k]) + sig + string(canon[k:]))
}

const otherHeader = "<ThongTinGoiTin><MaGoiTin>0193f5b2-7c1e-7a3b-9d4e-2f6a8b1c3d5e</MaGoiTin><LoaiGoiTin>HOSO</LoaiGoiTin>" +
	"<PhienBan>1.0</PhienBan><MaDonViGui>000.00.00.H49</MaDonViGui><MaDonViNhan>000.00.00.G09</MaDonViNhan>" +
	"<ThoiGianTao>2026-11-26T10:00:00+07:00</ThoiGianTao><SoLuongBanGhi>3</SoLuongBanGhi></ThongTinGoiTin>"

// oneReadingCases are XML packets that two readers could read as two
// packets: each with the sentinel Verify wraps (nil: an error wrapping the
// packet reader's finding of rule), and whether the canonicaliser itself
// refuses it (then it cannot be signed at all).
var oneReadingCases = []struct {
	name, old, new string
	want           error
	rule           string
	noCanon        bool
}{
	{"a second header, first", "<ThongTinGoiTin>", otherHeader + "<ThongTinGoiTin>", ErrWrapping, "", false},
	{"a second header, last", "</DuLieu>", "</DuLieu>" + otherHeader, ErrWrapping, "", false},
	{"a second DuLieu", "</DuLieu>", "</DuLieu><DuLieu></DuLieu>", ErrWrapping, "", false},
	{"HoVaTen twice", "<HoVaTen>Nguyễn Văn An</HoVaTen>", "<HoVaTen>Nguyễn Văn An</HoVaTen><HoVaTen>Trần Văn Khác</HoVaTen>",
		nil, packet.RuleFormatDuplicateKey, false},
	{"a foreign leaf", "<HoVaTen>Nguyễn Văn An</HoVaTen>", `<HoVaTen xmlns="urn:evil">Trần Văn Khác</HoVaTen>`, ErrMalformed, "", false},
	{"a foreign prefixed leaf", "<HoVaTen>Nguyễn Văn An</HoVaTen>", `<e:HoVaTen xmlns:e="urn:evil">Trần Văn Khác</e:HoVaTen>`, ErrMalformed, "", false},
	{"a leaf in no namespace", "<HoVaTen>Nguyễn Văn An</HoVaTen>", `<HoVaTen xmlns="">Trần Văn Khác</HoVaTen>`, ErrMalformed, "", false},
	{"the xml prefix rebound", "<DuLieu>", `<DuLieu xmlns:xml="urn:evil">`, ErrMalformed, "", true},
	{"the xmlns prefix declared", "<DuLieu>", `<DuLieu xmlns:xmlns="urn:evil">`, ErrMalformed, "", true},
	{"a prefix bound to the XML namespace", "<DuLieu>", `<DuLieu xmlns:x="http://www.w3.org/XML/1998/namespace">`, ErrMalformed, "", true},
	{"the default namespace the xmlns one", "<HoVaTen>", `<HoVaTen xmlns="http://www.w3.org/2000/xmlns/">`, ErrMalformed, "", true},
	{"a prefix undeclared", "<DuLieu>", `<DuLieu xmlns:p="">`, ErrMalformed, "", true},
}

// The verifier reads a signed XML packet one way, the packet reader's: a
// member twice, an element of another namespace or a reserved prefix
// rebound is refused, even under a good signature; and the signer will
// not sign one.
func TestXMLOneReading(t *testing.T) {
	p := thePKI(t)
	id := p.Agency(h29, signingtest.ECDSAP256)
	v := verifier(p)
	base := string(specXML(t))
	good := string(sign(t, id, []byte(base)))
	for _, c := range oneReadingCases {
		t.Run(c.name, func(t *testing.T) {
			doc := []byte(strings.Replace(base, c.old, c.new, 1))
			if _, err := signer(t, id).Sign(context.Background(), doc); err == nil {
				t.Error("Sign signed it")
			}
			var signed []byte
			if _, err := Canonical(doc); (err != nil) != c.noCanon {
				t.Fatalf("Canonical: %v", err)
			}
			if c.noCanon {
				signed = []byte(strings.Replace(good, c.old, c.new, 1)) // its signature cannot match
			} else {
				signed = signAnyway(t, id, doc)
			}
			_, err := v.Verify(context.Background(), signed)
			var fs packet.Findings
			switch {
			case err == nil:
				t.Fatal("verified")
			case c.want != nil && !errors.Is(err, c.want):
				t.Errorf("%v, want %v", err, c.want)
			case c.want == nil && (!errors.As(err, &fs) || fs[0].Rule != c.rule):
				t.Errorf("%v, want a finding of %s", err, c.rule)
			}
		})
	}
	// What Namespaces in XML allows still verifies.
	ok := strings.Replace(base, "<DuLieu>", `<DuLieu xmlns:xml="http://www.w3.org/XML/1998/namespace">`, 1)
	if _, err := v.Verify(context.Background(), sign(t, id, []byte(ok))); err != nil {
		t.Errorf("xml prefix declared: %v", err)
	}
	if _, err := v.Verify(context.Background(), signAnyway(t, id, []byte(base))); err != nil {
		t.Errorf("signAnyway's own packet: %v", err)
	}
}

// A CMS SignedData with bytes after it is not what its signer made:
// ErrMalformed, R-SIG-002.
func TestCMSTrailingBytes(t *testing.T) {
	p := thePKI(t)
	signed := sign(t, p.Agency(h29, signingtest.ECDSAP256), packetJSON(t, h29))
	re := regexp.MustCompile(`"GiaTri":"([^"]*)"`)
	der, err := base64.StdEncoding.DecodeString(string(re.FindSubmatch(signed)[1]))
	if err != nil {
		t.Fatal(err)
	}
	for name, extra := range map[string][]byte{"a zero byte": {0}, "a NULL": {5, 0}, "itself": der} {
		bad := base64.StdEncoding.EncodeToString(append(append([]byte(nil), der...), extra...))
		in := re.ReplaceAll(signed, []byte(`"GiaTri":"`+bad+`"`))
		_, err := verifier(p).Verify(context.Background(), in)
		if !errors.Is(err, ErrMalformed) || Rule(err) != packet.RuleSignatureInvalid {
			t.Errorf("%s after the DER: %v", name, err)
		}
	}
}
