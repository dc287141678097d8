package signing

import (
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing/internal/cms"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// signWithToken signs pkt by id with the token that stamp makes of the
// signature value, bypassing the checks Sign makes of the token.
func signWithToken(t *testing.T, id *signingtest.Identity, pkt []byte, stamp func(sig []byte) ([]byte, error)) []byte {
	t.Helper()
	canon, err := Canonical(pkt)
	if err != nil {
		t.Fatal(err)
	}
	der, err := cms.Sign(canon, id.Key, id.CertChain(), cms.SignOptions{TimeStamp: stamp})
	if err != nil {
		t.Fatal(err)
	}
	out, err := appendSignature(canon, der)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tokenBy stamps the SHA-256 of the signature value with tsa.
func tokenBy(tsa *signingtest.TSA) func([]byte) ([]byte, error) {
	return func(sig []byte) ([]byte, error) {
		d := sha256.Sum256(sig)
		return tsa.Token(crypto.SHA256, d[:], nil)
	}
}

func TestTimeStamp(t *testing.T) {
	p := thePKI(t)
	pkt := packetJSON(t, h29)
	id := p.Agency(h29, signingtest.ECDSAP256)
	tsa := p.TSA()
	// The signer's certificate expired a day ago by the verifier's clock.
	afterExpiry := id.Cert.NotAfter.Add(24 * time.Hour)
	otherRoots := x509.NewCertPool()
	otherRoots.AddCert(p.BadTSA(signingtest.TSAOtherRoot).Root)

	tests := []struct {
		name     string
		signed   []byte
		now      time.Time      // zero: now
		tsaRoots *x509.CertPool // nil: the PKI's
		want     error          // nil: verifies, time-stamped
		stamp    bool           // the error is about the token
	}{
		{"good", sign(t, id, pkt, WithTimeStamper(tsa)), time.Time{}, nil, nil, false},
		{"expired now, valid when stamped", sign(t, id, pkt, WithTimeStamper(tsa)), afterExpiry, nil, nil, false},
		{"expired now, no token", sign(t, id, pkt), afterExpiry, nil, ErrExpired, false},
		{"stamped after expiry", signWithToken(t, id, pkt, tokenBy(tsa.At(id.Cert.NotAfter.Add(time.Hour)))), afterExpiry, nil, ErrExpired, false},
		{"stamped in the future", signWithToken(t, id, pkt, tokenBy(tsa.At(time.Now().Add(time.Hour)))), time.Time{}, nil, ErrUntrusted, true},
		{"token over other data", signWithToken(t, id, pkt, func([]byte) ([]byte, error) {
			d := sha256.Sum256([]byte("other"))
			return tsa.Token(crypto.SHA256, d[:], nil)
		}), time.Time{}, nil, ErrDigestMismatch, true},
		{"TSA without timeStamping", signWithToken(t, id, pkt, tokenBy(p.BadTSA(signingtest.TSANoTimeStamping))), time.Time{}, nil, ErrUntrusted, true},
		{"TSA with a non-critical EKU", signWithToken(t, id, pkt, tokenBy(p.BadTSA(signingtest.TSANonCriticalEKU))), time.Time{}, nil, ErrUntrusted, true},
		{"TSA of another root", signWithToken(t, id, pkt, tokenBy(p.BadTSA(signingtest.TSAOtherRoot))), time.Time{}, nil, ErrUntrusted, true},
		{"TSA of another root, trusted for TSAs", signWithToken(t, id, pkt, tokenBy(p.BadTSA(signingtest.TSAOtherRoot))), time.Time{}, otherRoots, nil, false},
		{"not a token", signWithToken(t, id, pkt, func([]byte) ([]byte, error) { return []byte{0x02, 0x01, 0x05}, nil }), time.Time{}, nil, ErrMalformed, true},
		{"a signature as token", signWithToken(t, id, pkt, func([]byte) ([]byte, error) {
			canon, _ := Canonical(pkt)
			return cms.Sign(canon, id.Key, id.CertChain(), cms.SignOptions{})
		}), time.Time{}, nil, ErrMalformed, true},
	}
	for _, tt := range tests {
		v := verifier(p)
		if !tt.now.IsZero() {
			v.Policy.Now = func() time.Time { return tt.now }
		}
		v.Policy.TSARoots = tt.tsaRoots
		got, err := v.Verify(context.Background(), tt.signed)
		if tt.want == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			if got.TimeStampedAt.IsZero() || got.TimeStampAuthority == nil {
				t.Errorf("%s: not time-stamped: %+v", tt.name, got)
			}
			if d := time.Since(got.TimeStampedAt); d < -time.Second || d > time.Minute {
				t.Errorf("%s: time-stamped at %v", tt.name, got.TimeStampedAt)
			}
			continue
		}
		if !errors.Is(err, tt.want) || errors.Is(err, ErrTimeStamp) != tt.stamp {
			t.Errorf("%s: got %v, want %v (about the token: %v)", tt.name, err, tt.want, tt.stamp)
		}
		if Rule(err) == "" {
			t.Errorf("%s: no rule for %v", tt.name, err)
		}
	}
}

// TSAClient asks a TSA over HTTP, and Sign fails when the TSA does.
func TestTSAClient(t *testing.T) {
	p := thePKI(t)
	pkt := packetJSON(t, h29)
	id := p.Agency(h29, signingtest.RSAPSS)
	srv := httptest.NewServer(p.TSA())
	defer srv.Close()
	signed := sign(t, id, pkt, WithProfile(ProfileTT15), WithTimeStamper(&TSAClient{URL: srv.URL, HTTPClient: srv.Client()}))
	got, err := verifier(p).Verify(context.Background(), signed)
	if err != nil {
		t.Fatal(err)
	}
	if got.TimeStampedAt.IsZero() || !got.TimeStampAuthority.Equal(p.TSA().Cert) || got.Algorithm != RSAPSSSHA256 {
		t.Errorf("time-stamped at %v by %v, algorithm %s", got.TimeStampedAt, got.TimeStampAuthority, got.Algorithm)
	}

	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer failing.Close()
	wrongType := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>"))
	}))
	defer wrongType.Close()
	for name, ts := range map[string]TimeStamper{
		"503":        &TSAClient{URL: failing.URL},
		"not a TSA":  &TSAClient{URL: wrongType.URL},
		"no URL":     &TSAClient{},
		"other data": otherDataStamper{p.TSA()},
	} {
		s := signer(t, id, WithTimeStamper(ts))
		if _, err := s.Sign(context.Background(), pkt); err == nil {
			t.Errorf("%s: Sign did not fail", name)
		}
	}
	// XML packets get no token.
	signedXML := sign(t, p.Agency(decodeXML(t, specXML(t)).Header.Sender, signingtest.ECDSAP256), specXML(t), WithTimeStamper(p.TSA()))
	if got, err := verifier(p).Verify(context.Background(), signedXML); err != nil || !got.TimeStampedAt.IsZero() {
		t.Errorf("XML: %v, %v", got, err)
	}
	if Rule(errors.Join(ErrTimeStamp, ErrUntrusted)) != packet.RuleSignatureCertificate {
		t.Error("rule of a time-stamp error")
	}
}

// otherDataStamper stamps something other than what it is asked to.
type otherDataStamper struct{ tsa *signingtest.TSA }

func (o otherDataStamper) TimeStamp(ctx context.Context, h crypto.Hash, digest []byte) ([]byte, error) {
	d := sha256.Sum256([]byte("other"))
	return o.tsa.Token(h, d[:], nil)
}
