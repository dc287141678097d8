package signing

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"net/http"

	"github.com/digitorus/timestamp"

	"github.com/cbccvc/cbccvc-go/signing/internal/cms"
)

// TimeStamper obtains RFC 3161 time-stamp tokens. TSAClient asks a
// time-stamp authority over HTTP; signingtest.TSA answers in tests.
type TimeStamper interface {
	// TimeStamp returns a time-stamp token (the DER ContentInfo of RFC 3161
	// §2.4.2) whose message imprint is digest, the hash h of the data to
	// stamp.
	TimeStamp(ctx context.Context, h crypto.Hash, digest []byte) ([]byte, error)
}

// MaxTimeStampResponseBytes is the most TSAClient reads of an answer.
const MaxTimeStampResponseBytes = cms.MaxTokenBytes + 4<<10

// TSAClient asks a time-stamp authority for tokens with the HTTP transport
// of RFC 3161 §3.4: a POST of application/timestamp-query. It asks for the
// TSA's certificate in the token (a verifier needs it) and sends a random
// nonce, which the answer must repeat. It makes no request but those Sign
// asks of it. The zero TSAClient has no URL: TimeStamp returns an error.
type TSAClient struct {
	URL        string       // the TSA's address
	HTTPClient *http.Client // nil means http.DefaultClient
	// Policy, when set, is the TSA policy asked for (reqPolicy).
	Policy asn1.ObjectIdentifier
}

// timeStampResp is TimeStampResp (RFC 3161 §2.4.2), read here rather than
// by timestamp.ParseResponse, which cannot read a token signed with
// RSASSA-PSS.
type timeStampResp struct {
	Status struct {
		Status       int
		StatusString []string       `asn1:"optional,utf8"`
		FailInfo     asn1.BitString `asn1:"optional"`
	}
	Token asn1.RawValue `asn1:"optional"`
}

// TimeStamp implements TimeStamper.
func (c *TSAClient) TimeStamp(ctx context.Context, h crypto.Hash, digest []byte) ([]byte, error) {
	if c == nil || ctx == nil {
		return nil, fmt.Errorf("signing: a nil TSAClient or context: %w", ErrNil)
	}
	if c.URL == "" {
		return nil, errors.New("signing: TSAClient has no URL")
	}
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return nil, err
	}
	req := timestamp.Request{HashAlgorithm: h, HashedMessage: digest, Certificates: true, Nonce: nonce, TSAPolicyOID: c.Policy}
	der, err := req.Marshal()
	if err != nil {
		return nil, fmt.Errorf("signing: time-stamp request: %w", err)
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(der))
	if err != nil {
		return nil, fmt.Errorf("signing: time-stamp request: %w", err)
	}
	hr.Header.Set("Content-Type", "application/timestamp-query")
	hr.Header.Set("Accept", "application/timestamp-reply")
	client := c.HTTPClient
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("signing: time-stamp authority: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxTimeStampResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("signing: time-stamp authority: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("signing: time-stamp authority %s answered %s", c.URL, resp.Status)
	}
	if ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); ct != "application/timestamp-reply" {
		return nil, fmt.Errorf("signing: time-stamp authority %s answered %q, want application/timestamp-reply", c.URL, ct)
	}
	if len(body) > MaxTimeStampResponseBytes {
		return nil, fmt.Errorf("signing: time-stamp authority %s answered more than %d bytes", c.URL, MaxTimeStampResponseBytes)
	}
	var tr timeStampResp
	if rest, err := asn1.Unmarshal(body, &tr); err != nil || len(rest) != 0 {
		return nil, fmt.Errorf("signing: time-stamp authority %s: not a TimeStampResp: %v", c.URL, err)
	}
	// granted (0) or grantedWithMods (1).
	if tr.Status.Status > 1 || len(tr.Token.FullBytes) == 0 {
		return nil, fmt.Errorf("signing: time-stamp authority %s refused: status %d %q", c.URL, tr.Status.Status, tr.Status.StatusString)
	}
	_, _, _, gotNonce, err := cms.ParseTSTInfo(tr.Token.FullBytes)
	if err != nil {
		return nil, fmt.Errorf("signing: time-stamp authority %s: %w", c.URL, err)
	}
	if gotNonce == nil || gotNonce.Cmp(nonce) != 0 {
		return nil, fmt.Errorf("signing: time-stamp authority %s: the token does not repeat the request's nonce", c.URL)
	}
	return tr.Token.FullBytes, nil
}

// requestStamp asks ts for a token over the signature value sig (SHA-256)
// and checks that the token's imprint is that hash: a TSA that stamped
// other data fails Sign, not a verifier later.
func requestStamp(ctx context.Context, ts TimeStamper, sig []byte) ([]byte, error) {
	sum := crypto.SHA256.New()
	sum.Write(sig)
	digest := sum.Sum(nil)
	token, err := ts.TimeStamp(ctx, crypto.SHA256, digest)
	if err != nil {
		return nil, err
	}
	if len(token) > cms.MaxTokenBytes {
		return nil, fmt.Errorf("the token is %d bytes, more than %d", len(token), cms.MaxTokenBytes)
	}
	_, h, hashed, _, err := cms.ParseTSTInfo(token)
	if err != nil {
		return nil, err
	}
	if h != crypto.SHA256 || !bytes.Equal(hashed, digest) {
		return nil, errors.New("the token's message imprint is not the signature value's")
	}
	return token, nil
}
