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

// xmlsec1 --verify accepts what Sign makes, and refuses it once changed.
func TestXMLSec1VerifiesOurs(t *testing.T) {
	xmlsec1 := xmlsec1Path(t)
	p := thePKI(t)
	dir := t.TempDir()
	if err := p.WritePEM(dir); err != nil {
		t.Fatal(err)
	}
	args := []string{"--verify", "--trusted-pem", filepath.Join(dir, "root.pem"),
		"--untrusted-pem", filepath.Join(dir, "intermediate.pem"), "--enabled-reference-uris", "empty"}
	for name, pkt := range xmlInputs(t) {
		for _, kt := range []signingtest.KeyType{signingtest.RSA2048, signingtest.ECDSAP256} {
			signed := sign(t, p.Agency(decodeXML(t, pkt).Header.Sender, kt), pkt)
			f := writeFile(t, dir, "signed.xml", signed)
			if out, err := exec.Command(xmlsec1, append(args, f)...).CombinedOutput(); err != nil {
				t.Fatalf("%s, key type %d: xmlsec1 refuses our signature: %v\n%s\n%s", name, kt, err, out, signed)
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

// template is the profile's ds:Signature with empty values, for xmlsec1
// --sign, laid out with white space as a person would write it.
func template(method string) string {
	return `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
    <ds:SignedInfo>
      <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
      <ds:SignatureMethod Algorithm="` + method + `"/>
      <ds:Reference URI="">
        <ds:Transforms>
          <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
          <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
        </ds:Transforms>
        <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
        <ds:DigestValue/>
      </ds:Reference>
    </ds:SignedInfo>
    <ds:SignatureValue/>
    <ds:KeyInfo>
      <ds:X509Data/>
    </ds:KeyInfo>
  </ds:Signature>`
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
			tpl := writeFile(t, dir, "template.xml", []byte(s[:k]+template(method)+s[k:]))
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

// xmlsec1 --verify accepts our RSASSA-PSS (sha256-rsa-MGF1) and ECDSA
// P-384 signatures; PSS needs an xmlsec1 that knows RSASSA-PSS (1.3 or
// later, whose --list-transforms names rsa-pss).
func TestXMLSec1VerifiesOursPSS(t *testing.T) {
	xmlsec1 := xmlsec1Path(t)
	out, err := exec.Command(xmlsec1, "--list-transforms").CombinedOutput()
	if err != nil {
		t.Fatalf("xmlsec1 --list-transforms: %v\n%s", err, out)
	}
	cases := []struct {
		kt  signingtest.KeyType
		alg Algorithm
	}{{signingtest.ECDSAP384, ECDSASHA384}}
	pss := bytes.Contains(out, []byte("rsa-pss"))
	if pss {
		cases = append(cases, struct {
			kt  signingtest.KeyType
			alg Algorithm
		}{signingtest.RSAPSS, RSAPSSSHA256})
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
		signed := sign(t, p.Agency(decodeXML(t, pkt).Header.Sender, c.kt), pkt, WithAlgorithm(c.alg))
		f := writeFile(t, dir, "signed.xml", signed)
		if out, err := exec.Command(xmlsec1, append(args, f)...).CombinedOutput(); err != nil {
			t.Fatalf("%s: xmlsec1 refuses our signature: %v\n%s", c.alg, err, out)
		}
	}
	if !pss {
		// openssl at least checks the PSS SignatureValue over the
		// canonical SignedInfo.
		if openssl, err := exec.LookPath("openssl"); err == nil {
			id := p.Agency(decodeXML(t, pkt).Header.Sender, signingtest.RSAPSS)
			signed := sign(t, id, pkt, WithProfile(ProfileTT15))
			_, root, err := parseXML(signed)
			if err != nil {
				t.Fatal(err)
			}
			sigs, err := scanTree(root)
			if err != nil || len(sigs) != 1 {
				t.Fatalf("%d signatures, %v", len(sigs), err)
			}
			sig, err := readSignature(sigs[0])
			if err != nil {
				t.Fatal(err)
			}
			siCanon, err := canonicalXML(sig.signedInfo, nil)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := x509.MarshalPKIXPublicKey(id.Cert.PublicKey)
			if err != nil {
				t.Fatal(err)
			}
			pubFile := writeFile(t, dir, "pub.pem", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))
			run(t, openssl, "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32",
				"-verify", pubFile, "-signature", writeFile(t, dir, "sig.bin", sig.value), writeFile(t, dir, "si.xml", siCanon))
		}
		t.Skip("this xmlsec1 does not support RSASSA-PSS (no rsa-pss in --list-transforms; it came in xmlsec1 1.3): " +
			"the sha256-rsa-MGF1 signature was checked with openssl dgst only")
	}
}
