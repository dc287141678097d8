package signing

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// Sign signs a packet holding a value the model cannot carry whole, and
// refuses it under WithLossless with ErrLossy and the findings, in both
// formats; a packet without one is signed the same either way.
func TestSignerLossless(t *testing.T) {
	id := thePKI(t).Agency(h29, signingtest.ECDSAP256)
	hugeCoefficient := regexp.MustCompile(`(<HeSoLuong>|"HeSoLuong":)[0-9.]+`)
	for name, pkt := range map[string][]byte{"JSON": packetJSON(t, h29), "XML": specXML(t)} {
		t.Run(name, func(t *testing.T) {
			bad := hugeCoefficient.ReplaceAllFunc(pkt, func(m []byte) []byte {
				return append(bytes.Clone(bytes.TrimRight(m, "0123456789.")), "12345678901234567.5"...)
			})
			if bytes.Equal(bad, pkt) {
				t.Fatal("no HeSoLuong to change")
			}
			if _, err := signer(t, id).Sign(context.Background(), bad); err != nil {
				t.Fatalf("without WithLossless: %v", err)
			}
			_, err := signer(t, id, WithLossless()).Sign(context.Background(), bad)
			fs, ok := errors.AsType[packet.Findings](err)
			if !errors.Is(err, ErrLossy) || !ok || !strings.HasSuffix(fs[0].Pointer, "/HeSoLuong") {
				t.Fatalf("with WithLossless: %v", err)
			}
			if vi, _ := err.(*Error).Messages(); !strings.HasPrefix(vi, "Gói tin có giá trị không chuyển nguyên vẹn") {
				t.Errorf("Vietnamese message %q", vi)
			}
			plain := sign(t, id, pkt)
			lossless, err := signer(t, id, WithLossless()).Sign(context.Background(), pkt)
			if err != nil {
				t.Fatal(err)
			}
			if name == "XML" && !bytes.Equal(withoutValues(plain), withoutValues(lossless)) {
				t.Error("WithLossless signs another document")
			}
		})
	}
}

// withoutValues drops the base64 values that differ from one signature to
// the next.
func withoutValues(b []byte) []byte {
	return regexp.MustCompile(`<ds:SignatureValue>[^<]*</ds:SignatureValue>`).ReplaceAll(b, nil)
}
