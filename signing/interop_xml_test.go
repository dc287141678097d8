package signing

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/signing/internal/xmldsig"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

func xmlsec1Path(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("xmlsec1")
	if err != nil {
		t.Skip("xmlsec1 not found in PATH: skipping the XML-DSig interoperability test with xmlsec1 (install xmlsec1, e.g. apt-get install xmlsec1)")
	}
	return p
}

// xmlsecPSS reports whether xmlsec1 knows RSASSA-PSS for XML-DSig: from
// 1.3 on, whose --list-transforms names rsa-pss. Debian's 1.2.37 does not.
func xmlsecPSS(t *testing.T, xmlsec1 string) bool {
	t.Helper()
	out, err := exec.Command(xmlsec1, "--list-transforms").CombinedOutput()
	if err != nil {
		t.Fatalf("xmlsec1 --list-transforms: %v\n%s", err, out)
	}
	return bytes.Contains(out, []byte("rsa-pss"))
}

// xmlsec1 --verify accepts what Sign makes by default with an ECDSA key,
// and an older system's PKCS #1 v1.5 (asked for by name), and refuses them
// once changed. The default of an RSA key, RSASSA-PSS, is
// TestXMLSec1VerifiesOursPSS's.
func TestXMLSec1VerifiesOurs(t *testing.T) {
	xmlsec1 := xmlsec1Path(t)
	p := thePKI(t)
	dir := t.TempDir()
	if err := p.WritePEM(dir); err != nil {
		t.Fatal(err)
	}
	args := []string{"--verify", "--trusted-pem", filepath.Join(dir, "root.pem"),
		"--untrusted-pem", filepath.Join(dir, "intermediate.pem"), "--enabled-reference-uris", "empty"}
	cases := []struct {
		kt   signingtest.KeyType
		opts []SignerOption
		want string // the SignatureMethod
	}{
		{signingtest.ECDSAP256, nil, AlgECDSASHA256},
		{signingtest.RSA2048, []SignerOption{WithAlgorithm(RSASHA256)}, AlgRSASHA256},
	}
	if xmlsecPSS(t, xmlsec1) {
		cases = append(cases, struct {
			kt   signingtest.KeyType
			opts []SignerOption
			want string
		}{signingtest.RSA2048, nil, AlgRSAPSSSHA256})
	}
	for name, pkt := range xmlInputs(t) {
		for _, c := range cases {
			signed := sign(t, p.Agency(decodeXML(t, pkt).Header.Sender, c.kt), pkt, c.opts...)
			if !bytes.Contains(signed, []byte(`<ds:SignatureMethod Algorithm="`+c.want+`">`)) {
				t.Fatalf("%s, %v: not signed with %s", name, c.kt, c.want)
			}
			f := writeFile(t, dir, "signed.xml", signed)
			if out, err := exec.Command(xmlsec1, append(args, f)...).CombinedOutput(); err != nil {
				t.Fatalf("%s, %s: xmlsec1 refuses our signature: %v\n%s\n%s", name, c.want, err, out, signed)
			}
			// A negative control: xmlsec1 does check something.
			r := textRanges(signed)[3]
			mod := bytes.Clone(signed)
			mod[r[0]] ^= 1
			f = writeFile(t, dir, "changed.xml", mod)
			if out, err := exec.Command(xmlsec1, append(args, f)...).CombinedOutput(); err == nil {
				t.Fatalf("%s: xmlsec1 accepts a changed packet:\n%s", name, out)
			}
		}
	}
}

// Verify accepts what xmlsec1 --sign makes, on every XML packet of the
// packet package's test data; the DigestValue xmlsec1 computes (its
// exc-c14n of the document) is SHA-256 of our Canonical.
func TestWeVerifyXMLSec1s(t *testing.T) {
	xmlsec1 := xmlsec1Path(t)
	p := thePKI(t)
	var files []string
	for _, d := range []string{"valid", "spec"} {
		m, err := filepath.Glob(filepath.Join("..", "packet", "testdata", d, "*.xml"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 5 {
		t.Fatalf("only %d XML files", len(files))
	}
	inputs := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = b
	}
	// And one that exercises the canonicalisation: a prefix for the packet
	// namespace, an unused declaration, a default namespace undeclared
	// and redeclared, CRLF line ends, a comment and a CDATA section in
	// values, escaped characters.
	tricky := regexp.MustCompile(`<(/?)([A-Za-z]+)`).ReplaceAllString(string(inputs[files[len(files)-1]]), "<${1}g:${2}")
	tricky = strings.Replace(tricky, `<g:GoiTin xmlns=`, `<g:GoiTin xmlns:z="urn:unused" xmlns:g=`, 1)
	tricky = strings.Replace(tricky, `<g:DuLieu>`, `<g:DuLieu xmlns="urn:x:default">`, 1)
	tricky = strings.Replace(tricky, `<g:HoVaTen>Nguyễn`, `<g:HoVaTen xmlns="">Nguyễn<!-- c --><![CDATA[]]>`, 1)
	tricky = strings.Replace(tricky, `<g:PhanMemGui>QLCB`, `<g:PhanMemGui>&#x51;LCB &amp; &lt;&gt; "'`, 1)
	tricky = strings.ReplaceAll(tricky, "\n", "\r\n")
	inputs["tricky"] = []byte(tricky)
	digestRE := regexp.MustCompile(`<ds:DigestValue>([^<]*)</ds:DigestValue>`)
	v := verifier(p)
	v.Policy.Intermediates = p.Intermediates() // xmlsec1 puts only the leaf in X509Data
	for file, orig := range inputs {
		canon, err := Canonical(orig)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		sum := sha256.Sum256(canon)
		sender := decodeXML(t, orig).Header.Sender
		for kt, method := range map[signingtest.KeyType]string{signingtest.RSA2048: AlgRSASHA256, signingtest.ECDSAP256: AlgECDSASHA256} {
			id := p.Agency(sender, kt)
			dir := t.TempDir()
			keyFile, _, err := id.WritePEM(dir)
			if err != nil {
				t.Fatal(err)
			}
			certFile := writeFile(t, dir, "leaf.pem", signingtest.CertPEM(id.Cert))
			s := string(orig)
			k := strings.LastIndex(s, "</")
			tpl := writeFile(t, dir, "template.xml", []byte(s[:k]+signingtest.XMLSec1Template(method)+s[k:]))
			out := filepath.Join(dir, "out.xml")
			if b, err := exec.Command(xmlsec1, "--sign", "--privkey-pem", keyFile+","+certFile, "--output", out, tpl).CombinedOutput(); err != nil {
				t.Fatalf("%s: xmlsec1 --sign: %v\n%s", file, err, b)
			}
			signed, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			m := digestRE.FindSubmatch(signed)
			if m == nil || string(m[1]) != base64.StdEncoding.EncodeToString(sum[:]) {
				t.Errorf("%s: xmlsec1's digest %q is not SHA-256 of our exc-c14n (%s)", file, m, base64.StdEncoding.EncodeToString(sum[:]))
			}
			got, err := v.Verify(context.Background(), signed)
			if err != nil {
				t.Fatalf("%s, %s: %v\n%s", file, method, err, signed)
			}
			if !got.Signer.Equal(id.Cert) || !bytes.Equal(got.Canonical, canon) {
				t.Errorf("%s: wrong signer or canonical bytes", file)
			}
			// xmlsec1's rsa-sha256 is PKCS #1 v1.5: an older system's, with a warning.
			if legacy := method == AlgRSASHA256; legacy != (len(got.Warnings) == 1) || len(got.Warnings) > 1 {
				t.Errorf("%s, %s: warnings %v", file, method, got.Warnings)
			}
			// Changed after xmlsec1 signed it: caught.
			r := textRanges(signed)[2]
			mod := bytes.Clone(signed)
			mod[r[0]] ^= 1
			if _, err := v.Verify(context.Background(), mod); !errors.Is(err, ErrDigestMismatch) {
				t.Errorf("%s: changed: %v", file, err)
			}
		}
	}
}

// xmlsec1 --verify accepts the default signature of an RSA key, RSASSA-PSS
// (sha256-rsa-MGF1), and ECDSA P-384, when it knows RSASSA-PSS (1.3 or
// later). xmlsec1 1.2 does not: the PSS signature is then checked piece by
// piece with openssl instead — its DigestValue is SHA-256 of the packet's
// exc-c14n, and `openssl dgst` verifies its SignatureValue over the
// canonical SignedInfo (and refuses it over a changed one) — and the test
// says so as it skips.
func TestXMLSec1VerifiesOursPSS(t *testing.T) {
	xmlsec1 := xmlsec1Path(t)
	pss := xmlsecPSS(t, xmlsec1)
	cases := []struct {
		kt  signingtest.KeyType
		alg Algorithm // "" for the default
	}{{signingtest.ECDSAP384, ECDSASHA384}}
	if pss {
		cases = append(cases, struct {
			kt  signingtest.KeyType
			alg Algorithm
		}{signingtest.RSA2048, ""}, struct {
			kt  signingtest.KeyType
			alg Algorithm
		}{signingtest.RSAPSS, RSAPSSSHA512})
	}
	p := thePKI(t)
	dir := t.TempDir()
	if err := p.WritePEM(dir); err != nil {
		t.Fatal(err)
	}
	args := []string{"--verify", "--trusted-pem", filepath.Join(dir, "root.pem"),
		"--untrusted-pem", filepath.Join(dir, "intermediate.pem"), "--enabled-reference-uris", "empty"}
	pkt := specXML(t)
	for _, c := range cases {
		var opts []SignerOption
		if c.alg != "" {
			opts = append(opts, WithAlgorithm(c.alg))
		}
		signed := sign(t, p.Agency(decodeXML(t, pkt).Header.Sender, c.kt), pkt, opts...)
		f := writeFile(t, dir, "signed.xml", signed)
		if out, err := exec.Command(xmlsec1, append(args, f)...).CombinedOutput(); err != nil {
			t.Fatalf("%s: xmlsec1 refuses our signature: %v\n%s", c.alg, err, out)
		}
	}
	if pss {
		return
	}
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("this xmlsec1 does not support RSASSA-PSS (no rsa-pss in --list-transforms; it came in xmlsec1 1.3), " +
			"and openssl is not in PATH: the default sha256-rsa-MGF1 signature of an RSA key was not checked by another tool")
	}
	id := p.Agency(decodeXML(t, pkt).Header.Sender, signingtest.RSA2048)
	signed := sign(t, id, pkt) // the default
	doc, _, err := xmldsig.Read(nil, signed, xmldsig.Verify, nil)
	if err != nil {
		t.Fatal(err)
	}
	sig := doc.Signature
	if sig.Method != AlgRSAPSSSHA256 {
		t.Fatalf("an RSA key signs with %s by default, want %s", sig.Method, AlgRSAPSSSHA256)
	}
	canon, err := Canonical(signed)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(canon); !bytes.Equal(sig.Digest, sum[:]) {
		t.Fatal("the DigestValue is not SHA-256 of the packet's exc-c14n")
	}
	siCanon := sig.SignedInfo
	pub, err := x509.MarshalPKIXPublicKey(id.Cert.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pubFile := writeFile(t, dir, "pub.pem", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))
	sigFile := writeFile(t, dir, "sig.bin", sig.Value)
	dgst := func(signedInfo []byte) ([]byte, error) {
		return exec.Command(openssl, "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32",
			"-sigopt", "rsa_mgf1_md:sha256", "-verify", pubFile, "-signature", sigFile, writeFile(t, dir, "si.xml", signedInfo)).CombinedOutput()
	}
	if out, err := dgst(siCanon); err != nil {
		t.Fatalf("openssl dgst refuses the PSS SignatureValue: %v\n%s", err, out)
	}
	changed := bytes.Clone(siCanon)
	changed[len(changed)/2] ^= 1
	if out, err := dgst(changed); err == nil {
		t.Fatalf("openssl dgst accepts the PSS SignatureValue over a changed SignedInfo:\n%s", out)
	}
	t.Skip("this xmlsec1 does not support RSASSA-PSS (no rsa-pss in --list-transforms; it came in xmlsec1 1.3): " +
		"the default sha256-rsa-MGF1 signature of an RSA key was checked with openssl dgst (SignatureValue) and SHA-256 (DigestValue) instead")
}
