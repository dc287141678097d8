package ndxptest

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/base64"
	"math/big"
	"net/http"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// signXMLAnyway signs an XML document with an enveloped ECDSA P-256
// XML-DSig as the SDK's signer would, but without reading it as a packet
// first (the signer refuses a packet with two headers): what an attacker
// with a key can make.
func signXMLAnyway(t *testing.T, id *signingtest.Identity, doc []byte) []byte {
	t.Helper()
	canon, err := signing.Canonical(doc)
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256(canon)
	const ds = "http://www.w3.org/2000/09/xmldsig#"
	si := `<ds:CanonicalizationMethod Algorithm="` + signing.AlgExcC14N + `"></ds:CanonicalizationMethod>` +
		`<ds:SignatureMethod Algorithm="` + signing.AlgECDSASHA256 + `"></ds:SignatureMethod>` +
		`<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="` + signing.AlgEnveloped + `"></ds:Transform>` +
		`<ds:Transform Algorithm="` + signing.AlgExcC14N + `"></ds:Transform></ds:Transforms>` +
		`<ds:DigestMethod Algorithm="` + signing.AlgSHA256 + `"></ds:DigestMethod>` +
		`<ds:DigestValue>` + base64.StdEncoding.EncodeToString(digest[:]) + `</ds:DigestValue></ds:Reference></ds:SignedInfo>`
	siCanon := `<ds:SignedInfo xmlns:ds="` + ds + `">` + si
	h := sha256.Sum256([]byte(siCanon))
	der, err := id.Key.Sign(rand.Reader, h[:], crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	var rs struct{ R, S *big.Int }
	if _, err := asn1.Unmarshal(der, &rs); err != nil {
		t.Fatal(err)
	}
	value := make([]byte, 64)
	rs.R.FillBytes(value[:32])
	rs.S.FillBytes(value[32:])
	sig := `<ds:Signature xmlns:ds="` + ds + `"><ds:SignedInfo>` + si +
		`<ds:SignatureValue>` + base64.StdEncoding.EncodeToString(value) + `</ds:SignatureValue><ds:KeyInfo><ds:X509Data>`
	for _, c := range id.CertChain() {
		sig += `<ds:X509Certificate>` + base64.StdEncoding.EncodeToString(c.Raw) + `</ds:X509Certificate>`
	}
	sig += `</ds:X509Data></ds:KeyInfo></ds:Signature>`
	k := bytes.LastIndex(canon, []byte("</"))
	return append([]byte(string(canon[:k])+sig), canon[k:]...)
}

// A packet signed by H29 whose first header names H49 is refused by the
// sandbox, whoever sends it: the sender it authorises on and the sender
// the verifier checks the signer against come from one reader, which
// refuses a second header.
func TestSecondHeaderRefused(t *testing.T) {
	h := newHarness(t, Config{})
	p := h.gen(31).Packet(packet.KindProfiles, 1)
	doc := string(encode(t, p, packet.FormatXML))
	i, j := strings.Index(doc, "<ThongTinGoiTin>"), strings.Index(doc, "</ThongTinGoiTin>")+len("</ThongTinGoiTin>")
	other := strings.Replace(doc[i:j], h29.Canonical()+"</MaDonViGui>", h49.Canonical()+"</MaDonViGui>", 1)
	if other == doc[i:j] {
		t.Fatal("no MaDonViGui H29 in the header")
	}
	id := h.srv.PKI().Agency(h29, signingtest.ECDSAP256)
	for name, body := range map[string][]byte{
		"H49 first":   signXMLAnyway(t, id, []byte(doc[:i]+other+doc[i:])),
		"H49 last":    signXMLAnyway(t, id, []byte(doc[:j]+other+doc[j:])),
		"H49 at last": signXMLAnyway(t, id, []byte(strings.Replace(doc, "</GoiTin>", other+"</GoiTin>", 1))),
	} {
		if _, err := h.srv.Verifier().Verify(context.Background(), body); err == nil {
			t.Errorf("%s: the verifier accepted a packet with two headers", name)
		}
		for _, as := range []*harness{h.as(h49), h} {
			a := as.submit(p, body)
			if a.status != http.StatusBadRequest {
				t.Fatalf("%s, sent by %s: %d %s", name, as.agency, a.status, a.body)
			}
			found := false
			for _, f := range a.problem(t).Findings {
				found = found || f.Rule == packet.RuleFormatDuplicateKey && f.Pointer == "/ThongTinGoiTin"
			}
			if !found {
				t.Errorf("%s, sent by %s: no R-FMT-002 at /ThongTinGoiTin: %s", name, as.agency, a.body)
			}
		}
	}
	if st := h.srv.Stats(); st.PacketsProcessed != 0 || st.ProfilesStored != 0 {
		t.Fatalf("stored: %+v", st)
	}
	// The same packet with one header is accepted: the refusal is for
	// the second header, not for the hand-made signature.
	if a := h.submit(p, signXMLAnyway(t, id, []byte(doc))); a.status != http.StatusAccepted {
		t.Fatalf("one header: %d %s", a.status, a.body)
	}
}
