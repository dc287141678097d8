package signing

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

func packetXML(t testing.TB, sender identifier.AgencyCode, kind packet.Kind, seed uint64) []byte {
	t.Helper()
	p := packettest.New(packettest.Options{Seed: seed, Sender: sender}).Packet(kind, 3)
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatXML); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func specXML(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("../packet/testdata/spec/hoso.xml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeXML(t testing.TB, b []byte) *packet.Packet {
	t.Helper()
	p, _, err := packet.Decode(bytes.NewReader(b), packet.FormatXML, packet.Limits{})
	if p == nil {
		t.Fatalf("decode: %v", err)
	}
	return p
}

// xmlInputs are the XML packets of the tests: the spec's example and
// generated packets of every kind.
func xmlInputs(t testing.TB) map[string][]byte {
	in := map[string][]byte{"spec/hoso.xml": specXML(t)}
	for i, k := range packet.Kinds() {
		in["generated "+string(k)] = packetXML(t, h29, k, uint64(10+i))
	}
	return in
}

func TestXMLRoundTrip(t *testing.T) {
	p := thePKI(t)
	for name, pkt := range xmlInputs(t) {
		for _, kt := range []signingtest.KeyType{signingtest.RSA2048, signingtest.ECDSAP256} {
			sender := decodeXML(t, pkt).Header.Sender
			id := p.Agency(sender, kt)
			signed := sign(t, id, pkt)
			if f, _ := packet.DetectFormat(signed); f != packet.FormatXML || bytes.Count(signed, []byte("<ds:Signature ")) != 1 {
				t.Fatalf("%s: not one signature:\n%s", name, signed)
			}
			got, err := verifier(p).Verify(context.Background(), signed)
			if err != nil {
				t.Fatalf("%s, key type %d: %v\n%s", name, kt, err, signed)
			}
			if !got.Agency.Equal(sender) || !got.Signer.Equal(id.Cert) || len(got.Chain) != 3 {
				t.Errorf("%s: agency %v, signer %v, chain %d", name, got.Agency, got.Signer.Subject, len(got.Chain))
			}
			if got.Packet.Signature == nil || got.Packet.Signature.Format != FormatXMLDSig || got.Packet.Signature.Value == "" {
				t.Errorf("%s: signature %+v", name, got.Packet.Signature)
			}
			want, err := Canonical(pkt)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Canonical, want) {
				t.Errorf("%s: canonical bytes differ:\n%s\n%s", name, got.Canonical, want)
			}
			checkBoundFromCanonical(t, got)
			orig := decodeXML(t, pkt)
			orig.Signature = got.Packet.Signature
			if d := cmp.Diff(jsonOf(t, orig), jsonOf(t, got.Packet)); d != "" {
				t.Errorf("%s: verified packet differs from the input (-in +got):\n%s", name, d)
			}
			// Signing a signed packet replaces its signature.
			again := sign(t, id, signed)
			if bytes.Count(again, []byte("<ds:Signature ")) != 1 {
				t.Errorf("%s: re-signed packet has more than one signature", name)
			}
			if _, err := verifier(p).Verify(context.Background(), again); err != nil {
				t.Errorf("%s: re-signed: %v", name, err)
			}
		}
	}
}

// textRanges returns the offsets of the text values of the packet part of a
// signed XML packet: the bytes between '>' and '<' that are not white space.
func textRanges(signed []byte) [][2]int {
	end := bytes.Index(signed, []byte("<ds:Signature"))
	var out [][2]int
	for i := 0; i < end; i++ {
		if signed[i] != '>' {
			continue
		}
		j := i + 1 + bytes.IndexByte(signed[i+1:], '<')
		if len(bytes.TrimSpace(signed[i+1:j])) > 0 {
			out = append(out, [2]int{i + 1, j})
		}
		i = j - 1
	}
	return out
}

// Changing any text value by one byte is a digest mismatch.
func TestXMLValueChangeCaught(t *testing.T) {
	p := thePKI(t)
	v := verifier(p)
	for name, pkt := range xmlInputs(t) {
		signed := sign(t, p.Agency(decodeXML(t, pkt).Header.Sender, signingtest.ECDSAP256), pkt)
		ranges := textRanges(signed)
		if len(ranges) < 15 {
			t.Fatalf("%s: only %d text values", name, len(ranges))
		}
		changed := 0
		for _, r := range ranges {
			for i := r[0]; i < r[1]; i++ {
				c := signed[i]
				var to byte
				switch {
				case c >= '0' && c <= '8', c >= 'a' && c <= 'y', c >= 'A' && c <= 'Y':
					to = c + 1
				default:
					continue
				}
				mod := bytes.Clone(signed)
				mod[i] = to
				if _, err := v.Verify(context.Background(), mod); !errors.Is(err, ErrDigestMismatch) {
					t.Fatalf("%s: change at %d (%q in %q): %v", name, i, c, signed[r[0]:r[1]], err)
				}
				changed++
				break // one change per value
			}
		}
		if changed < 15 {
			t.Fatalf("%s: only %d changes tried", name, changed)
		}
	}
}

// A comment inside a signed value is not part of the canonical form: the
// signature holds, and the packet holds the whole value.
func TestXMLCommentInValue(t *testing.T) {
	p := thePKI(t)
	signed := sign(t, p.Agency(h29, signingtest.RSA2048), specXML(t))
	const name = "<HoVaTen>Nguyễn Văn An</HoVaTen>"
	if !bytes.Contains(signed, []byte(name)) {
		t.Fatal("name not found")
	}
	for _, mod := range [][]byte{
		bytes.Replace(signed, []byte(name), []byte("<HoVaTen>Nguyễn<!-- Văn An --> Văn An</HoVaTen>"), 1),
		bytes.Replace(signed, []byte(name), []byte("<HoVaTen>Nguyễn Văn An<!---->"+"</HoVaTen>"), 1),
		bytes.Replace(signed, []byte(name), []byte("<HoVaTen><!--x-->Nguyễn <![CDATA[Văn]]> An</HoVaTen>"), 1),
	} {
		got, err := verifier(p).Verify(context.Background(), mod)
		if err != nil {
			t.Fatalf("%v\n%s", err, mod)
		}
		if n := got.Packet.Records.Profiles[0].FullName; n != "Nguyễn Văn An" {
			t.Errorf("name %q, want the whole value", n)
		}
		if bytes.Contains(got.Canonical, []byte("<!--")) {
			t.Error("comment in the canonical bytes")
		}
	}
}

// sigPart splits a signed packet made by Sign: before the signature, the
// signature, after it.
func sigPart(t testing.TB, signed []byte) (before, sig, after string) {
	t.Helper()
	s := string(signed)
	i := strings.Index(s, "<ds:Signature ")
	j := strings.Index(s, "</ds:Signature>") + len("</ds:Signature>")
	if i < 0 || j < i {
		t.Fatal("no signature")
	}
	return s[:i], s[i:j], s[j:]
}

func TestXMLWrappingRefused(t *testing.T) {
	p := thePKI(t)
	signed := sign(t, p.Agency(h29, signingtest.RSA2048), specXML(t))
	before, sig, after := sigPart(t, signed)
	root := `<GoiTin xmlns="` + packet.Namespace + `">`
	if !strings.Contains(before, root) {
		t.Fatal("root not found")
	}
	repl := func(s, old, new string) string {
		t.Helper()
		if !strings.Contains(s, old) {
			t.Fatalf("%q not in %s", old, s)
		}
		return strings.Replace(s, old, new, 1)
	}
	insideHeader := repl(before, "</ThongTinGoiTin>", sig+"</ThongTinGoiTin>")
	const (
		tEnv  = `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"></ds:Transform>`
		tExc  = `<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:Transform>`
		c14n  = `<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:CanonicalizationMethod>`
		incl  = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
		xpath = `<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>not(ancestor-or-self::ds:Signature)</ds:XPath></ds:Transform>`
	)
	refStart := `<ds:Reference URI="">`
	refEnd := `</ds:Reference>`
	ref := sig[strings.Index(sig, refStart) : strings.Index(sig, refEnd)+len(refEnd)]
	cases := map[string]string{
		"two signatures":               before + sig + sig + after,
		"second signature in DuLieu":   repl(before, "</DuLieu>", sig+"</DuLieu>") + sig + after,
		"signature first child":        repl(before, root, root+sig) + after,
		"signature not last":           before + sig + "<DuLieu></DuLieu>" + after,
		"text after signature":         before + sig + "x" + after,
		"signature inside header":      insideHeader + after,
		"signature outside root":       before + after[:strings.LastIndex(after, ">")+1] + sig,
		"second GoiTin inside":         repl(before, "</DuLieu>", root+"<ThongTinGoiTin></ThongTinGoiTin></GoiTin></DuLieu>") + sig + after,
		"second GoiTin wrapping":       repl(before, root, root+root) + sig + after + "</GoiTin>",
		"second GoiTin beside root":    before + sig + after + root + "</GoiTin>",
		"reference to an ID":           before + repl(sig, `URI=""`, `URI="#goitin"`) + after,
		"reference without URI":        before + repl(sig, `<ds:Reference URI="">`, `<ds:Reference>`) + after,
		"reference with Id":            before + repl(sig, `<ds:Reference URI="">`, `<ds:Reference URI="" Id="r">`) + after,
		"two references":               before + repl(sig, refEnd, refEnd+ref) + after,
		"extra transform":              before + repl(sig, tExc, tExc+tExc) + after,
		"xpath transform":              before + repl(sig, tEnv, xpath) + after,
		"only exc-c14n transform":      before + repl(sig, tEnv, "") + after,
		"transforms swapped":           before + repl(sig, tEnv+tExc, tExc+tEnv) + after,
		"no transforms":                before + repl(sig, "<ds:Transforms>"+tEnv+tExc+"</ds:Transforms>", "") + after,
		"inclusive c14n":               before + repl(sig, c14n, strings.Replace(c14n, "http://www.w3.org/2001/10/xml-exc-c14n#", incl, 1)) + after,
		"inclusive c14n transform":     before + repl(sig, tExc, strings.Replace(tExc, "http://www.w3.org/2001/10/xml-exc-c14n#", incl, 1)) + after,
		"exc-c14n with comments":       before + repl(sig, tExc, strings.Replace(tExc, "xml-exc-c14n#", "xml-exc-c14n#WithComments", 1)) + after,
		"InclusiveNamespaces":          before + repl(sig, tExc, strings.Replace(tExc, "</ds:Transform>", `<ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="ds"></ec:InclusiveNamespaces></ds:Transform>`, 1)) + after,
		"ds:Object":                    before + repl(sig, "</ds:KeyInfo>", "</ds:KeyInfo><ds:Object>"+root+"</GoiTin></ds:Object>") + after,
		"ds element outside signature": repl(before, "</DuLieu>", `<ds:Reference xmlns:ds="http://www.w3.org/2000/09/xmldsig#" URI=""></ds:Reference></DuLieu>`) + sig + after,
		"DOCTYPE":                      strings.Replace(before, "?>", "?>\n<!DOCTYPE GoiTin>", 1) + sig + after,
		"DOCTYPE with entity":          strings.Replace(before, "?>", "?>\n<!DOCTYPE GoiTin [<!ENTITY x \"H29\">]>", 1) + sig + after,
	}
	for name, in := range cases {
		_, err := verifier(p).Verify(context.Background(), []byte(in))
		if !errors.Is(err, ErrWrapping) {
			t.Errorf("%s: got %v, want ErrWrapping", name, err)
		} else if Rule(err) != packet.RuleSignatureWrapping {
			t.Errorf("%s: rule %s", name, Rule(err))
		}
	}
	// Sign refuses a packet whose signature is in the wrong place.
	if _, err := signer(t, p.Agency(h29, signingtest.RSA2048)).Sign(context.Background(), []byte(insideHeader+after)); !errors.Is(err, ErrWrapping) {
		t.Errorf("Sign with a signature inside the header: %v", err)
	}
}

func TestXMLMalformed(t *testing.T) {
	p := thePKI(t)
	spec := specXML(t)
	signed := sign(t, p.Agency(h29, signingtest.ECDSAP256), spec)
	before, sig, after := sigPart(t, signed)
	v := verifier(p)
	if _, err := v.Verify(context.Background(), spec); !errors.Is(err, ErrUnsigned) {
		t.Errorf("unsigned: %v", err)
	}
	sv := regexp.MustCompile(`<ds:SignatureValue>[^<]*</ds:SignatureValue>`)
	dv := regexp.MustCompile(`<ds:DigestValue>[^<]*</ds:DigestValue>`)
	cases := map[string]string{
		"truncated":                 string(signed[:len(signed)/2]),
		"not XML":                   "<GoiTin",
		"other root":                strings.Replace(before, "<GoiTin ", "<Goi ", 1) + sig + strings.Replace(after, "</GoiTin>", "</Goi>", 1),
		"other namespace":           strings.Replace(before, packet.Namespace, "urn:example:other", 1) + sig + after,
		"processing instruction":    strings.Replace(before, "<DuLieu>", "<?pi x?><DuLieu>", 1) + sig + after,
		"attribute":                 strings.Replace(before, "<DuLieu>", `<DuLieu a="1">`, 1) + sig + after,
		"signature value not b64":   before + sv.ReplaceAllString(sig, "<ds:SignatureValue>!!</ds:SignatureValue>") + after,
		"empty signature value":     before + sv.ReplaceAllString(sig, "<ds:SignatureValue></ds:SignatureValue>") + after,
		"short digest":              before + dv.ReplaceAllString(sig, "<ds:DigestValue>AAAA</ds:DigestValue>") + after,
		"no KeyInfo":                before + regexp.MustCompile(`<ds:KeyInfo>.*</ds:KeyInfo>`).ReplaceAllString(sig, "") + after,
		"bad certificate":           before + regexp.MustCompile(`<ds:X509Certificate>[^<]*</ds:X509Certificate>`).ReplaceAllString(sig, "<ds:X509Certificate>AAAA</ds:X509Certificate>") + after,
		"attribute on signature":    strings.Replace(before+sig+after, "<ds:Signature ", `<ds:Signature Id="s" `, 1),
		"unbound prefix":            strings.Replace(before, "<DuLieu>", "<x:DuLieu>", 1) + sig + after,
		"Latin-1 encoding":          strings.Replace(before, "UTF-8", "ISO-8859-1", 1) + sig + after,
		"duplicate namespace decls": strings.Replace(before, `<GoiTin xmlns="`+packet.Namespace+`"`, `<GoiTin xmlns="`+packet.Namespace+`" xmlns="`+packet.Namespace+`"`, 1) + sig + after,
	}
	for name, in := range cases {
		_, err := v.Verify(context.Background(), []byte(in))
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", name, err)
		}
	}
	// Algorithms outside the allow-list.
	for name, in := range map[string]string{
		"rsa-sha1":   before + strings.Replace(sig, AlgECDSASHA256, "http://www.w3.org/2000/09/xmldsig#rsa-sha1", 1) + after,
		"sha1":       before + strings.Replace(sig, AlgSHA256, "http://www.w3.org/2000/09/xmldsig#sha1", 1) + after,
		"hmac":       before + strings.Replace(sig, AlgECDSASHA256, "http://www.w3.org/2000/09/xmldsig#hmac-sha1", 1) + after,
		"sha512 dig": before + strings.Replace(sig, AlgSHA256, "http://www.w3.org/2001/04/xmlenc#sha512", 1) + after,
	} {
		if _, err := v.Verify(context.Background(), []byte(in)); !errors.Is(err, ErrWeakAlgorithm) {
			t.Errorf("%s: got %v, want ErrWeakAlgorithm", name, err)
		}
	}
	// A wrong signature value, or the method of another key type.
	other := sign(t, p.Agency(h29, signingtest.ECDSAP256), packetXML(t, h29, packet.KindProfiles, 3))
	_, osig, _ := sigPart(t, other)
	for name, in := range map[string]string{
		"other signature value": before + sv.ReplaceAllString(sig, sv.FindString(osig)) + after,
		"rsa method, ec key":    before + strings.Replace(sig, AlgECDSASHA256, AlgRSASHA256, 1) + after,
		"ecdsa-sha384":          before + strings.Replace(sig, AlgECDSASHA256, AlgECDSASHA384, 1) + after,
	} {
		if _, err := v.Verify(context.Background(), []byte(in)); !errors.Is(err, ErrBadSignature) {
			t.Errorf("%s: got %v, want ErrBadSignature", name, err)
		}
	}
	// A byte order mark is refused, by the rule every reader of the SDK
	// follows (packet.DetectFormat).
	if _, err := v.Verify(context.Background(), append([]byte("\ufeff"), signed...)); err == nil {
		t.Error("BOM: verified")
	}
	// Sign refuses what Verify would.
	for name, in := range map[string]string{
		"attribute": cases["attribute"], "DOCTYPE": strings.Replace(string(spec), "?>", "?><!DOCTYPE GoiTin>", 1),
		"other root": "<Goi/>", "not XML": "<GoiTin",
	} {
		if _, err := signer(t, p.Agency(h29, signingtest.ECDSAP256)).Sign(context.Background(), []byte(in)); err == nil {
			t.Errorf("Sign accepted %s", name)
		}
	}
	// The size limit.
	lv := verifier(p)
	lv.Policy.Limits.MaxBytes = int64(len(signed) - 1)
	if _, err := lv.Verify(context.Background(), signed); err == nil {
		t.Error("Limits.MaxBytes not applied")
	}
	// White space inside base64 values is allowed (xmlsec1 writes it).
	spaced := before + sv.ReplaceAllStringFunc(sig, func(s string) string {
		return strings.Replace(s, ">", ">\n", 1)
	}) + after
	if _, err := v.Verify(context.Background(), []byte(spaced)); err != nil {
		t.Errorf("spaced base64: %v", err)
	}
}

func TestXMLCertificatesAndSigner(t *testing.T) {
	p := thePKI(t)
	pkt := specXML(t)
	for _, c := range []struct {
		d    signingtest.Defect
		want error
	}{
		{signingtest.Expired, ErrExpired},
		{signingtest.OtherRoot, ErrUntrusted},
		{signingtest.RSA1024, ErrWeakAlgorithm},
		{signingtest.WrongKeyUsage, ErrUntrusted},
		{signingtest.SHA1Signed, ErrWeakAlgorithm},
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
	if _, err := (&Verifier{}).Verify(context.Background(), sign(t, p.Agency(h29, signingtest.RSA2048), pkt)); !errors.Is(err, ErrUntrusted) {
		t.Errorf("no roots: %v", err)
	}

	other := p.Agency(g12, signingtest.ECDSAP256)
	if _, err := signer(t, other).Sign(context.Background(), pkt); !errors.Is(err, ErrSignerNotSender) {
		t.Errorf("Sign: %v", err)
	}
	signed := sign(t, other, pkt, WithMatcher(nil))
	_, err := verifier(p).Verify(context.Background(), signed)
	if !errors.Is(err, ErrSignerNotSender) || errors.Is(err, ErrBadSignature) || Rule(err) != packet.RuleSignatureSigner {
		t.Errorf("Verify: %v", err)
	}
	v := verifier(p)
	v.Policy.MatchSigner = func(*x509.Certificate, identifier.AgencyCode) error { return nil }
	if got, err := v.Verify(context.Background(), signed); err != nil || !got.Agency.Equal(h29) {
		t.Errorf("custom matcher: %v, %v", got, err)
	}
}

func TestXMLCanonicalPrefixes(t *testing.T) {
	// A packet with a prefix for its namespace, unused declarations and
	// CRLF line ends canonicalises and verifies like any other.
	p := thePKI(t)
	spec := string(specXML(t))
	prefixed := regexp.MustCompile(`<(/?)([A-Za-z]+)`).ReplaceAllString(spec, "<${1}g:${2}")
	prefixed = strings.Replace(prefixed, `<g:GoiTin xmlns=`, `<g:GoiTin xmlns:z="urn:unused" xmlns:g=`, 1)
	prefixed = strings.ReplaceAll(prefixed, "\n", "\r\n")
	signed := sign(t, p.Agency(h29, signingtest.ECDSAP256), []byte(prefixed))
	got, err := verifier(p).Verify(context.Background(), signed)
	if err != nil {
		t.Fatalf("%v\n%s", err, signed)
	}
	if bytes.Contains(got.Canonical, []byte("urn:unused")) || bytes.Contains(got.Canonical, []byte("\r")) {
		t.Errorf("canonical form keeps an unused namespace or CR:\n%s", got.Canonical)
	}
	if d := cmp.Diff(jsonOf(t, decodeXML(t, []byte(spec))), jsonOf(t, got.Packet)); d != "" {
		t.Errorf("records differ:\n%s", d)
	}
}

func TestRule(t *testing.T) {
	for err, want := range map[error]string{
		ErrUnsigned: packet.RuleSignatureMissing, ErrMalformed: packet.RuleSignatureInvalid,
		ErrDigestMismatch: packet.RuleSignatureInvalid, ErrBadSignature: packet.RuleSignatureInvalid,
		ErrUntrusted: packet.RuleSignatureCertificate, ErrExpired: packet.RuleSignatureCertificate,
		ErrWeakAlgorithm: packet.RuleSignatureCertificate, ErrSignerNotSender: packet.RuleSignatureSigner,
		ErrWrapping: packet.RuleSignatureWrapping, errors.New("other"): "",
	} {
		if got := Rule(errors.Join(errors.New("x"), err)); got != want {
			t.Errorf("Rule(%v) = %q, want %q", err, got, want)
		}
	}
}

// jsonOf is p's JSON form, for comparing packets.
func jsonOf(t testing.TB, p *packet.Packet) string {
	t.Helper()
	p = &packet.Packet{Header: p.Header, Records: p.Records}
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// writeFile is a helper for the tests that hand files to tools.
func writeFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	f := filepath.Join(dir, name)
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}
